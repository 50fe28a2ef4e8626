using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Campaign.Web.Tests;

/// <summary>A real SMTP server (the SmtpServer package) on a loopback port; keeps what it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private Task _running = Task.CompletedTask;

    /// <summary>Recipients whose address starts with "reject" get a permanent 550.</summary>
    public SmtpSink(bool start = true)
    {
        Port = FreePort();
        if (start)
        {
            Start();
        }
    }

    /// <summary>Called after each message is stored (tests use it to stop a dispatcher mid-batch).</summary>
    public Action<int>? OnReceived { get; set; }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new RejectFilter());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            sink.Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            sink.OnReceived?.Invoke(sink.Received.Count);
            return SmtpResponse.Ok;
        }
    }

    private sealed class RejectFilter : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith("reject", StringComparison.OrdinalIgnoreCase));
    }
}
