namespace CxBot.Storage;

/// <summary>Error codes the Table service returns that callers act on.</summary>
public static class TableErrorCodes
{
    /// <summary>Insert of an entity whose keys exist.</summary>
    public const string EntityAlreadyExists = "EntityAlreadyExists";

    /// <summary>Create of a table that exists.</summary>
    public const string TableAlreadyExists = "TableAlreadyExists";

    /// <summary>Missing entity or table.</summary>
    public const string ResourceNotFound = "ResourceNotFound";

    /// <summary>The ETag did not match.</summary>
    public const string UpdateConditionNotSatisfied = "UpdateConditionNotSatisfied";

    /// <summary>The client gave up waiting (no service answer).</summary>
    public const string ClientTimeout = "ClientTimeout";

    /// <summary>The service could not be reached.</summary>
    public const string ServiceUnreachable = "ServiceUnreachable";
}
