package io.winter.cluster;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.thirdparty.io.grpc.EquivalentAddressGroup;
import org.apache.ratis.thirdparty.io.grpc.NameResolver;
import org.apache.ratis.thirdparty.io.grpc.NameResolverProvider;
import org.apache.ratis.thirdparty.io.grpc.NameResolverRegistry;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Makes Raft's gRPC channels resolve peer host names with WINTER_DNS_SERVER instead of the
 * system resolver, so the stable DNS names that discovery hands out work when that server is
 * not the system's (tests, sites outside Kubernetes). Names it cannot resolve fall back to the
 * system resolver.
 */
public final class PeerNameResolution {
  private static final String SCHEME = "winter-dns";
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private PeerNameResolution() {}

  /** Installs the resolver for every gRPC channel of this JVM; later calls do nothing. */
  public static void useDnsServer(InetSocketAddress dnsServer) {
    if (INSTALLED.compareAndSet(false, true)) {
      NameResolverRegistry.getDefaultRegistry().register(new Provider(new Hosts(dnsServer)));
    }
  }

  /** Looks host names up on one DNS server. */
  private static final class Hosts {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "winter-peer-dns");
      t.setDaemon(true);
      return t;
    }, NioIoHandler.newFactory());
    private final DnsNameResolver resolver;

    Hosts(InetSocketAddress server) {
      this.resolver = new DnsNameResolverBuilder(loop.next())
          .datagramChannelType(NioDatagramChannel.class)
          .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
          .queryTimeoutMillis(2000)
          .build();
    }

    List<InetAddress> resolve(String host) throws Exception {
      try {
        return resolver.resolveAll(host).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        return List.of(InetAddress.getAllByName(host));
      }
    }
  }

  private static final class Provider extends NameResolverProvider {
    private final Hosts hosts;

    Provider(Hosts hosts) {
      this.hosts = hosts;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 6; // above gRPC's own DNS resolver (5), so host:port targets come here
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      if (!SCHEME.equals(target.getScheme()) || target.getPath() == null
          || target.getPath().length() < 2) {
        return null;
      }
      String authority = target.getPath().substring(1);
      int colon = authority.lastIndexOf(':');
      if (colon <= 0) {
        return null;
      }
      String host = authority.substring(0, colon);
      int port = Integer.parseInt(authority.substring(colon + 1));
      return new HostResolver(hosts, authority, host, port, args);
    }
  }

  private static final class HostResolver extends NameResolver {
    private final Hosts hosts;
    private final String authority;
    private final String host;
    private final int port;
    private final NameResolver.Args args;
    private volatile Listener2 listener;

    HostResolver(Hosts hosts, String authority, String host, int port, NameResolver.Args args) {
      this.hosts = hosts;
      this.authority = authority;
      this.host = host;
      this.port = port;
      this.args = args;
    }

    @Override
    public String getServiceAuthority() {
      return authority;
    }

    @Override
    public void start(Listener2 listener) {
      this.listener = listener;
      refresh();
    }

    @Override
    public void refresh() {
      Listener2 l = listener;
      java.util.concurrent.Executor offload = args.getOffloadExecutor() != null
          ? args.getOffloadExecutor() : java.util.concurrent.ForkJoinPool.commonPool();
      offload.execute(() -> {
        try {
          List<SocketAddress> addresses = new ArrayList<>();
          for (InetAddress a : hosts.resolve(host)) {
            addresses.add(new InetSocketAddress(a, port));
          }
          l.onResult(ResolutionResult.newBuilder()
              .setAddresses(List.of(new EquivalentAddressGroup(addresses))).build());
        } catch (Exception e) {
          l.onError(Status.UNAVAILABLE.withDescription("cannot resolve " + host + ": " + e));
        }
      });
    }

    @Override
    public void shutdown() {
    }
  }
}
