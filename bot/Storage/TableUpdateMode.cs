namespace CxBot.Storage;

/// <summary>Whether a write keeps the stored properties it does not mention (merge) or drops them (replace).</summary>
public enum TableUpdateMode
{
    /// <summary>Properties not in the entity are kept.</summary>
    Merge,

    /// <summary>The stored entity becomes exactly this entity.</summary>
    Replace,
}
