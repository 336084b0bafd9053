using System.Collections;
using Azure;

namespace CxBot.Storage;

/// <summary>
/// One row: its keys, its ETag, and typed properties (string, bool, int, long, double, DateTimeOffset, Guid, byte[]).
/// Setting a property to null removes it, because the service stores no nulls.
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);
    private string _partitionKey = "";
    private string _rowKey = "";

    /// <summary>Creates an empty entity; set both keys before writing it.</summary>
    public TableEntity()
    {
    }

    /// <summary>Creates an entity with its keys.</summary>
    /// <exception cref="ArgumentException">A key is not valid (see <see cref="TableKeys.Validate"/>).</exception>
    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>The partition key.</summary>
    public string PartitionKey
    {
        get => _partitionKey;
        set
        {
            TableKeys.Validate(value, nameof(PartitionKey));
            _partitionKey = value;
        }
    }

    /// <summary>The row key.</summary>
    public string RowKey
    {
        get => _rowKey;
        set
        {
            TableKeys.Validate(value, nameof(RowKey));
            _rowKey = value;
        }
    }

    /// <summary>When the service last wrote the row (read only to the service).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The version read; pass it to a conditional update or delete.</summary>
    public ETag ETag { get; set; }

    /// <summary>The number of custom properties.</summary>
    public int Count => _properties.Count;

    /// <summary>The custom property names.</summary>
    public IEnumerable<string> Keys => _properties.Keys;

    /// <summary>Gets a property (null if absent) or sets one (null removes it).</summary>
    /// <exception cref="ArgumentException">The name is reserved or not valid, or the value's type cannot be stored.</exception>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            TableValues.ValidatePropertyName(name);
            if (value is null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[name] = TableValues.Normalise(value, name);
            }
        }
    }

    /// <summary>Adds a property; lets the entity be written with a collection initializer.</summary>
    public void Add(string name, object? value) => this[name] = value;

    /// <summary>Sets a property read from the service, whose name and type the service already checked.</summary>
    internal void SetRead(string name, object value) => _properties[name] = value;

    /// <summary>Removes a property.</summary>
    public bool Remove(string name) => _properties.Remove(name);

    /// <summary>True when the property is present.</summary>
    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    /// <summary>The property's string value, or null.</summary>
    public string? GetString(string name) => Get<string>(name);

    /// <summary>The property's bool value, or null.</summary>
    public bool? GetBoolean(string name) => GetStruct<bool>(name);

    /// <summary>The property's int value, or null.</summary>
    public int? GetInt32(string name) => GetStruct<int>(name);

    /// <summary>The property's long value (an int widens), or null.</summary>
    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(name, typeof(long), other),
    };

    /// <summary>The property's double value (an int widens), or null.</summary>
    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        double d => d,
        int i => i,
        var other => throw WrongType(name, typeof(double), other),
    };

    /// <summary>The property's date and time (UTC), or null.</summary>
    public DateTimeOffset? GetDateTimeOffset(string name) => GetStruct<DateTimeOffset>(name);

    /// <summary>The property's Guid value, or null.</summary>
    public Guid? GetGuid(string name) => GetStruct<Guid>(name);

    /// <summary>The property's bytes, or null.</summary>
    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T? Get<T>(string name)
        where T : class => _properties.GetValueOrDefault(name) switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, typeof(T), other),
        };

    private T? GetStruct<T>(string name)
        where T : struct => _properties.GetValueOrDefault(name) switch
        {
            null => null,
            T value => value,
            var other => throw WrongType(name, typeof(T), other),
        };

    private static InvalidCastException WrongType(string name, Type wanted, object actual) =>
        new($"Property '{name}' holds {actual.GetType().Name}, not {wanted.Name}.");
}
