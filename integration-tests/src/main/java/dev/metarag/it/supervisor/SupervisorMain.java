package dev.metarag.it.supervisor;

import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import java.io.PrintStream;

/**
 * {@code ./metarag run}: the four services under a {@link Supervisor} until Ctrl-C or SIGTERM,
 * which stop them all gracefully. Exits with 1 when every service has been given up. Options:
 * {@link SupervisorOptions}.
 */
public final class SupervisorMain {
  private SupervisorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SupervisorOptions options;
    try {
      options = SupervisorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("metarag: " + e.getMessage());
      System.exit(2);
      return;
    }
    Suite suite = suite(options);
    PrintStream console = System.out;
    Announcer announcer = new Announcer(suite, console);
    Supervisor supervisor = new Supervisor(suite, RestartBackoff::standard, announcer);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  announcer.say("stopping the services");
                  try {
                    supervisor.stop();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "supervisor-stop"));
    supervisor.start();
    supervisor.awaitAllGivenUp();
    announcer.say("every service has been given up");
    System.exit(1);
  }

  private static Suite suite(SupervisorOptions options) {
    Suite.Builder builder = Suite.builder(options.repo(), options.home()).withoutKillOnExit();
    options.sharedData().ifPresent(builder::sharedData);
    options.ports().forEach(builder::port);
    for (Service s : Service.values()) {
      options.properties().forEach(p -> builder.property(s, p));
      options.jvmOptions().forEach(o -> builder.jvmOption(s, o));
    }
    return builder.build();
  }
}
