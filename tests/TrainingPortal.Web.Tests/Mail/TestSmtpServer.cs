using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1 and a port the system picks: keeps every message it accepts, parsed with MimeKit,
/// and refuses the recipients it is told to (550), as a relay refuses an unknown mailbox.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private Task _running = Task.CompletedTask;

    private TestSmtpServer()
    {
    }

    public int Port { get; private set; }

    public IReadOnlyList<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Runs as each message is accepted, before the client hears the server's OK.</summary>
    public Action<MimeMessage>? OnReceived { get; set; }

    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer();
        var bound = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, e) => bound.TrySetResult((IPEndPoint)e.LocalEndPoint);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(server));
        services.Add(new Filter(server));
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);

        // The listener reports the address it bound; a server that fails to start ends _running instead.
        var first = await Task.WhenAny(bound.Task, server._running).WaitAsync(TimeSpan.FromSeconds(30));
        await first;
        server.Port = (await bound.Task).Port;
        return server;
    }

    public void Refuse(string address) => _refused[address] = 0;

    /// <summary>Refuses every message at its sender, as a relay does that no longer lets the portal send.</summary>
    public bool RefusesSender { get; set; }

    public void Accept(string address) => _refused.TryRemove(address, out _);

    /// <summary>Completes once the server holds at least <paramref name="count"/> messages in all.</summary>
    public Task WaitForMessagesAsync(int count)
    {
        lock (_lock)
        {
            if (_messages.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public IReadOnlyList<MimeMessage> WithMessageId(string messageId) => Messages.Where(m => m.MessageId == messageId).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private void Received(MimeMessage message)
    {
        OnReceived?.Invoke(message);
        lock (_lock)
        {
            _messages.Enqueue(message);
            foreach (var waiter in _waiters.Where(w => _messages.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server._refused.ContainsKey(to.AsAddress()));

        public override Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RefusesSender);
    }

    /// <summary>
    /// The library's listener, rewritten on its public types so that Nagle's algorithm is off on each connection. Left
    /// on, the server's replies to a pipelined MAIL, RCPT and DATA go out as separate small writes, each waiting for an
    /// acknowledgement the client delays: 45 ms a message on loopback, most of a minute in a test that delivers a
    /// thousand mails. Like the library's, it reports the endpoint started and stopped and puts both endpoints in the
    /// session's properties.
    /// </summary>
    private sealed class NoDelayListenerFactory : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            var started = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
            OnEndpointStarted(started);
            return new Listener(listener, () => OnEndpointStopped(started));
        }

        private sealed class Listener(TcpListener listener, Action stopped) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                try
                {
                    client.NoDelay = true;
                    context.Properties.Add(EndpointListener.LocalEndPointKey, client.Client.LocalEndPoint);
                    context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint);
                    return new PlainPipe(client);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
            }

            public void Dispose()
            {
                listener.Stop();
                stopped();
            }
        }

        /// <summary>The connection as pipes; the test server offers no STARTTLS, so it is never upgraded.</summary>
        private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
        {
            public PipeReader Input { get; } = PipeReader.Create(client.GetStream());

            public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

            public bool IsSecure => false;

            public SslProtocols SslProtocol => SslProtocols.None;

            public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The test SMTP server does not offer STARTTLS.");

            public void Dispose() => client.Dispose();
        }
    }
}
