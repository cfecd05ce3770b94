package io.winter.gateway;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket transport of the text protocol: Linux's io_uring through Netty's native library
 * where the kernel allows it, else epoll, else Java's NIO selector. All behave alike; io_uring
 * costs the least CPU per request (one system call both submits replies and collects requests,
 * where epoll makes a receive and a send per request and a wait per few), NIO the most.
 *
 * <p>-Dwinter.gateway.transport=io_uring|epoll|nio insists on one (startup fails if it does not
 * load); container runtimes often forbid io_uring, and then the choice falls to epoll by itself.
 *
 * @param skipped why each better transport was not taken (empty when the best one was)
 */
record GatewayTransport(String name, IoHandlerFactory ioHandlers,
                        Class<? extends ServerSocketChannel> serverChannel, List<String> skipped) {

  static final String PROPERTY = "winter.gateway.transport";

  /** The best transport that loads, or the one -Dwinter.gateway.transport names. */
  static GatewayTransport choose() {
    String wanted = System.getProperty(PROPERTY, "auto");
    switch (wanted) {
      case "io_uring":
        return ioUring();
      case "epoll":
        return epoll().skipping(List.of("io_uring: -D" + PROPERTY + "=epoll"));
      case "nio":
        return nio().skipping(List.of("native transports: -D" + PROPERTY + "=nio"));
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted
            + ": expected auto, io_uring, epoll or nio");
    }
    List<String> skipped = new ArrayList<>();
    if (IoUring.isAvailable()) {
      return ioUring();
    }
    skipped.add("io_uring: " + IoUring.unavailabilityCause());
    if (Epoll.isAvailable()) {
      return epoll().skipping(skipped);
    }
    skipped.add("epoll: " + Epoll.unavailabilityCause());
    return nio().skipping(skipped);
  }

  static GatewayTransport ioUring() {
    IoUring.ensureAvailability();
    return new GatewayTransport("io_uring", IoUringIoHandler.newFactory(),
        IoUringServerSocketChannel.class, List.of());
  }

  static GatewayTransport epoll() {
    Epoll.ensureAvailability();
    return new GatewayTransport("epoll", EpollIoHandler.newFactory(),
        EpollServerSocketChannel.class, List.of());
  }

  static GatewayTransport nio() {
    return new GatewayTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
        List.of());
  }

  private GatewayTransport skipping(List<String> reasons) {
    return new GatewayTransport(name, ioHandlers, serverChannel, List.copyOf(reasons));
  }

  /** The transport's name, with why better ones were skipped, for the startup log. */
  String describe() {
    return skipped.isEmpty() ? name : name + "; not " + String.join("; not ", skipped);
  }
}
