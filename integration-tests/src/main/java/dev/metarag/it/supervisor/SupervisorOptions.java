package dev.metarag.it.supervisor;

import dev.metarag.it.suite.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link SupervisorMain}: {@code --repo DIR --home DIR [--shared-data DIR]
 * [--port SERVICE=PORT]...} followed by options for every service's JVM ({@code -Dkey=value}
 * becomes a system property that overrides the suite's own, anything else a JVM option).
 */
record SupervisorOptions(
    Path repo,
    Path home,
    Optional<Path> sharedData,
    Map<Service, Integer> ports,
    List<String> properties,
    List<String> jvmOptions) {

  static SupervisorOptions parse(String... args) {
    Path repo = null;
    Path home = null;
    Optional<Path> sharedData = Optional.empty();
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    List<String> properties = new ArrayList<>();
    List<String> jvmOptions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--repo" -> repo = Path.of(value(args, ++i, arg));
        case "--home" -> home = Path.of(value(args, ++i, arg));
        case "--shared-data" -> sharedData = Optional.of(Path.of(value(args, ++i, arg)));
        case "--port" -> putPort(ports, value(args, ++i, arg));
        default -> {
          if (arg.startsWith("-D") && arg.length() > 2) {
            properties.add(arg.substring(2));
          } else {
            jvmOptions.add(arg);
          }
        }
      }
    }
    if (repo == null || home == null) {
      throw new IllegalArgumentException("--repo and --home are required");
    }
    return new SupervisorOptions(repo, home, sharedData, ports, properties, jvmOptions);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static void putPort(Map<Service, Integer> ports, String serviceEqualsPort) {
    int eq = serviceEqualsPort.indexOf('=');
    String name = eq < 0 ? serviceEqualsPort : serviceEqualsPort.substring(0, eq);
    Service service =
        List.of(Service.values()).stream()
            .filter(s -> s.shortName().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--port " + serviceEqualsPort + ": no service " + name));
    if (eq < 0) {
      throw new IllegalArgumentException("--port " + serviceEqualsPort + ": give SERVICE=PORT");
    }
    ports.put(service, Integer.parseInt(serviceEqualsPort.substring(eq + 1)));
  }
}
