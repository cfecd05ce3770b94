package io.winter.gateway;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket transport of the text protocol: Linux's epoll through Netty's native library where
 * it loads, Java's NIO selector elsewhere. Both behave alike; epoll costs less CPU per request
 * (no selected-key sets, no copy into a temporary direct buffer, edge-triggered wake-ups).
 *
 * <p>-Dwinter.gateway.transport=nio forces NIO (for measuring, or if the native library misbehaves).
 */
record GatewayTransport(String name, IoHandlerFactory ioHandlers,
                        Class<? extends ServerSocketChannel> serverChannel) {

  /** Epoll where it loads, unless -Dwinter.gateway.transport=nio. */
  static GatewayTransport choose() {
    return !"nio".equals(System.getProperty("winter.gateway.transport")) && Epoll.isAvailable()
        ? epoll() : nio();
  }

  static GatewayTransport epoll() {
    Epoll.ensureAvailability();
    return new GatewayTransport("epoll", EpollIoHandler.newFactory(),
        EpollServerSocketChannel.class);
  }

  static GatewayTransport nio() {
    return new GatewayTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }

  /** Why epoll is not used, or null when it is. */
  String whyNotEpoll() {
    if ("epoll".equals(name)) {
      return null;
    }
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? "-Dwinter.gateway.transport=nio" : cause.toString();
  }
}
