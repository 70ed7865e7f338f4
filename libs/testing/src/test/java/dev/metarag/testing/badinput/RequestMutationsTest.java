package dev.metarag.testing.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Field;
import com.google.protobuf.Struct;
import com.google.protobuf.Syntax;
import com.google.protobuf.Type;
import com.google.protobuf.Value;
import dev.metarag.testing.badinput.RequestMutations.Mutation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mutations derived through descriptors, on protobuf's own proto3 messages. */
class RequestMutationsTest {
  private static final Type GOOD =
      Type.newBuilder()
          .setName("reviews")
          .addFields(
              Field.newBuilder()
                  .setName("stars")
                  .setNumber(1)
                  .setKind(Field.Kind.TYPE_INT32)
                  .setPacked(false))
          .setSyntax(Syntax.SYNTAX_PROTO3)
          .build();

  private static Mutation find(List<Mutation> mutations, String description) {
    return mutations.stream()
        .filter(m -> m.description().equals(description))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mutation '" + description + "'"));
  }

  @Test
  void eachMutationChangesOneFieldOfTheGoodRequest() throws Exception {
    long started = System.nanoTime();
    List<Mutation> mutations = RequestMutations.of(GOOD, Set.of());
    System.out.printf(
        "%d mutations in %d ms%n", mutations.size(), (System.nanoTime() - started) / 1_000_000);

    assertThat(find(mutations, "name = \"\" (missing)").request())
        .isEqualTo(GOOD.toBuilder().setName("").build());
    assertThat(((Type) find(mutations, "name = <10 MiB string>").request()).getName())
        .hasSize(RequestMutations.HUGE_CHARS);
    assertThat(find(mutations, "fields[0].number = -1").request())
        .isEqualTo(
            GOOD.toBuilder().setFields(0, GOOD.getFields(0).toBuilder().setNumber(-1)).build());
    assertThat(find(mutations, "fields[0].packed = true").request())
        .isEqualTo(
            GOOD.toBuilder().setFields(0, GOOD.getFields(0).toBuilder().setPacked(true)).build());
    assertThat(((Type) find(mutations, "fields empty").request()).getFieldsCount()).isZero();
    assertThat(
            ((Type) find(mutations, "fields with 10000 more elements").request()).getFieldsCount())
        .isEqualTo(10_001);
    assertThat(((Type) find(mutations, "oneofs[0] = \"a/b\"").request()).getOneofsList())
        .containsExactly("a/b");
    assertThat(mutations).extracting(Mutation::request).doesNotContain(GOOD);
  }

  @Test
  void enumNumbersOutsideTheEnumSurviveTheWire() throws Exception {
    Mutation unknown = find(RequestMutations.of(GOOD, Set.of()), "syntax = 999 (not in the enum)");

    Type parsed = Type.parseFrom(unknown.request().toByteArray());

    assertThat(parsed.getSyntaxValue()).isEqualTo(999);
    assertThat(parsed.getSyntax()).isEqualTo(Syntax.UNRECOGNIZED);
  }

  @Test
  void skippedPathsAndUnsetMessagesAreFollowedAsAsked() {
    List<Mutation> mutations = RequestMutations.of(GOOD, Set.of("name", "fields"));

    assertThat(mutations).extracting(Mutation::description).noneMatch(d -> d.startsWith("name "));
    assertThat(mutations).extracting(Mutation::description).noneMatch(d -> d.startsWith("fields"));
    assertThat(mutations)
        .extracting(Mutation::description)
        .contains("source_context.file_name = \"../../x\"");
  }

  @Test
  void mapsGetBadKeysBadValuesAndManyEntries() {
    Struct good =
        Struct.newBuilder().putFields("k", Value.newBuilder().setNumberValue(1).build()).build();
    List<Mutation> mutations = RequestMutations.of(good, Set.of());

    Struct nulKey = (Struct) find(mutations, "fields key \"x\\u0000y\" (NUL)").request();
    assertThat(nulKey.getFieldsMap()).containsKeys("k", "x\u0000y");
    assertThat(
            ((Struct) find(mutations, "fields with 10000 more entries").request()).getFieldsCount())
        .isGreaterThanOrEqualTo(10_000);
  }
}
