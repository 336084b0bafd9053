using Azure;

namespace CxBot.Storage;

/// <summary>What one action in an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails if the entity exists.</summary>
    Add,

    /// <summary>Update with merge; needs the ETag read (or <see cref="ETag.All"/>).</summary>
    UpdateMerge,

    /// <summary>Update with replace; needs the ETag read (or <see cref="ETag.All"/>).</summary>
    UpdateReplace,

    /// <summary>Delete; needs the ETag read (or <see cref="ETag.All"/>).</summary>
    Delete,

    /// <summary>Insert or merge, unconditionally.</summary>
    UpsertMerge,

    /// <summary>Insert or replace, unconditionally.</summary>
    UpsertReplace,
}

/// <summary>One action of an entity group transaction.</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
