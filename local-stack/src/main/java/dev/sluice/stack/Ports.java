package dev.sluice.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free ports and checks that fixed ones are free. */
final class Ports {

  private Ports() {}

  /** {@code port} if it is free, a free one if {@code port} is 0; fails naming the port. */
  static int resolve(int port, String what, String option) {
    if (port == 0) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("No free port for " + what, e);
      }
    }
    if (!isFree(port)) {
      throw new IllegalStateException(
          "Port "
              + port
              + " for "
              + what
              + " is already in use; stop what holds it or choose"
              + " another port with "
              + option);
    }
    return port;
  }

  /** True if nothing listens on {@code port} on the loopback interface. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
