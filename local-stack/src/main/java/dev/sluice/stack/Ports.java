package dev.sluice.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that fixed ports are free and picks distinct free ports for the others. */
final class Ports {

  /**
   * A port the stack needs: what uses it, the wanted number (0 = any free) and how to change it.
   */
  record Wanted(String what, int port, String setting) {}

  private Ports() {}

  /**
   * The ports to listen on, in the order asked: each fixed port checked free, each 0 replaced by a
   * free port distinct from all others. Fails naming the port, its user and the setting to change.
   */
  static int[] resolve(Wanted... wanted) {
    Set<Integer> fixed = new HashSet<>();
    for (Wanted w : wanted) {
      if (w.port() != 0 && !fixed.add(w.port())) {
        throw new IllegalStateException(
            "Port " + w.port() + " is configured twice; give " + w.what() + " its own port");
      }
      if (w.port() != 0 && !isFree(w.port())) {
        throw new IllegalStateException(
            "Port "
                + w.port()
                + " for "
                + w.what()
                + " is already in use: stop what listens there, or choose another port with "
                + w.setting());
      }
    }
    int[] ports = new int[wanted.length];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < wanted.length; i++) {
        if (wanted[i].port() != 0) {
          ports[i] = wanted[i].port();
          continue;
        }
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } catch (IOException e) {
      throw new IllegalStateException("No free port for the local stack", e);
    } finally {
      held.forEach(Ports::closeQuietly);
    }
    return ports;
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

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing listens on it any more either way
    }
  }
}
