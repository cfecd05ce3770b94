package io.winter.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.thirdparty.io.grpc.Attributes;
import org.apache.ratis.thirdparty.io.grpc.EquivalentAddressGroup;
import org.apache.ratis.thirdparty.io.grpc.NameResolver;
import org.apache.ratis.thirdparty.io.grpc.NameResolverProvider;
import org.apache.ratis.thirdparty.io.grpc.NameResolverRegistry;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.SynchronizationContext;
import org.apache.ratis.thirdparty.io.grpc.internal.DnsNameResolverProvider;

/**
 * Host names that Ratis' gRPC channels in this JVM resolve to a fixed address, so in-process
 * nodes can name each other as DNS SRV targets ({@code winter-0.winter-nodes}) do in Kubernetes.
 *
 * <p>The system resolver of the test machine knows none of these names and the JVM's own
 * resolver cannot be extended at run time on Java 17, so this registers, once, a gRPC name
 * resolver for the {@code dns} scheme that answers the registered names and hands every other
 * name to gRPC's own DNS resolver. Registered names stay registered for the life of the JVM.
 */
final class TestHostNames {
  private static final Map<String, InetAddress> NAMES = new ConcurrentHashMap<>();
  private static boolean installed;

  private TestHostNames() {}

  /** Makes {@code host} resolve to the IP literal {@code ip} for Ratis in this JVM. */
  static void register(String host, String ip) {
    install();
    try {
      NAMES.put(key(host), InetAddress.getByName(ip));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
  }

  private static synchronized void install() {
    if (!installed) {
      NameResolverRegistry.getDefaultRegistry().register(new Provider());
      installed = true;
    }
  }

  private static String key(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Answers registered names; every other target goes to gRPC's DNS resolver. */
  private static final class Provider extends NameResolverProvider {
    private final DnsNameResolverProvider dns = new DnsNameResolverProvider();

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 9; // above gRPC's DNS resolver (5)
    }

    @Override
    public String getDefaultScheme() {
      return "dns";
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return Set.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      if (!"dns".equals(target.getScheme()) || target.getPath() == null) {
        return null;
      }
      String authority = target.getPath().startsWith("/")
          ? target.getPath().substring(1) : target.getPath();
      URI hostPort = URI.create("//" + authority);
      if (hostPort.getHost() == null || hostPort.getPort() < 0
          || !NAMES.containsKey(key(hostPort.getHost()))) {
        return dns.newNameResolver(target, args);
      }
      return new Fixed(authority, key(hostPort.getHost()), hostPort.getPort(),
          args.getSynchronizationContext());
    }
  }

  /** The resolver of one registered name: always its registered address. */
  private static final class Fixed extends NameResolver {
    private final String authority;
    private final String host;
    private final int port;
    private final SynchronizationContext context;
    private Listener2 listener;

    Fixed(String authority, String host, int port, SynchronizationContext context) {
      this.authority = authority;
      this.host = host;
      this.port = port;
      this.context = context;
    }

    @Override
    public String getServiceAuthority() {
      return authority;
    }

    @Override
    public void start(Listener2 listener) {
      this.listener = listener;
      resolve();
    }

    @Override
    public void refresh() {
      resolve();
    }

    private void resolve() {
      context.execute(() -> {
        InetAddress ip = NAMES.get(host);
        if (ip == null) {
          listener.onError(Status.UNAVAILABLE.withDescription("unknown test host " + host));
          return;
        }
        listener.onResult(ResolutionResult.newBuilder()
            .setAddresses(List.of(new EquivalentAddressGroup(new InetSocketAddress(ip, port))))
            .setAttributes(Attributes.EMPTY)
            .build());
      });
    }

    @Override
    public void shutdown() {
      // nothing held
    }
  }
}
