package dev.metarag.bench.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every main class the {@code ./metarag} script starts has a smoke test, {@code <Main>Test} or
 * {@code <Main>IT}, in the benchmarks or integration-tests module: a program added to the script
 * without one fails the build.
 */
class EveryProgramHasASmokeTestTest {
  private static final Path REPO = Path.of(System.getProperty("metarag.repo.root", ".."));
  private static final Pattern MAIN = Pattern.compile("main=(dev\\.metarag\\.[A-Za-z0-9_.]+)");

  @Test
  void everyMainClassOfTheScriptHasATest() throws IOException {
    List<String> mains = mainClasses(Files.readString(REPO.resolve("metarag")));
    Set<String> tests = testClassNames();

    // Every program README names: eval, demo, pretrain, sanity-reader and the bench-* ones.
    assertThat(mains).hasSizeGreaterThanOrEqualTo(14);
    assertThat(mains)
        .allSatisfy(
            main -> {
              String simple = main.substring(main.lastIndexOf('.') + 1);
              assertThat(tests)
                  .as("smoke test of " + main)
                  .containsAnyOf(simple + "Test", simple + "IT");
            });
  }

  private static List<String> mainClasses(String script) {
    return MAIN.matcher(script).results().map(r -> r.group(1)).distinct().toList();
  }

  private static Set<String> testClassNames() throws IOException {
    Set<String> names = new HashSet<>();
    for (String module : List.of("benchmarks", "integration-tests")) {
      try (Stream<Path> files = Files.walk(REPO.resolve(module).resolve("src/test/java"))) {
        names.addAll(
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".java"))
                .map(n -> n.substring(0, n.length() - ".java".length()))
                .collect(Collectors.toSet()));
      }
    }
    return names;
  }
}
