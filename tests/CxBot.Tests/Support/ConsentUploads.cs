using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CxBot.Protocol.FileConsent;
using CxBot.Testing;
using Microsoft.AspNetCore.Http;

namespace CxBot.Tests;

/// <summary>A stand-in for OneDrive's upload URL (records every request, answers 201) and the file consent answers Teams sends.</summary>
public sealed class ConsentUploads : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    /// <summary>Every request made to the upload URL: method, Content-Range and body.</summary>
    public ConcurrentQueue<(string Method, string? Range, byte[] Body)> Uploads { get; } = new();

    public static async Task<ConsentUploads> StartAsync()
    {
        var uploads = new ConsentUploads();
        uploads._server = await LoopbackServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            uploads.Uploads.Enqueue((context.Request.Method, context.Request.Headers.ContentRange.ToString(), body.ToArray()));
            context.Response.StatusCode = StatusCodes.Status201Created;
        });
        return uploads;
    }

    /// <summary>An upload URL on this (allowed, loopback) server.</summary>
    public string Url(string fileName) => new Uri(_server.BaseUrl, "upload/" + fileName).ToString();

    /// <summary>Turns <paramref name="invoke"/> (any invoke from the user) into Teams' <c>fileConsent/invoke</c> answer.</summary>
    public static JsonObject Answer(JsonObject invoke, string action, string? uploadUrl, JsonObject context, string fileName)
    {
        invoke["name"] = FileConsentNames.Invoke;
        invoke["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = action,
            ["context"] = context,
            ["uploadInfo"] = uploadUrl is null ? null : new JsonObject { ["name"] = fileName, ["uploadUrl"] = uploadUrl, ["contentUrl"] = "https://contoso.sharepoint.com/" + fileName, ["uniqueId"] = "1", ["fileType"] = "csv" },
        };
        return invoke;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
