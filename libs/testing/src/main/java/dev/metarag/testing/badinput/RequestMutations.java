package dev.metarag.testing.badinput;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Bad requests derived from a good one, one field at a time, through the message's descriptor, so a
 * field added to the contract gets its cases without anyone writing them. Nested messages are
 * followed a few levels deep; list elements through their first element (or a new one).
 */
public final class RequestMutations {
  /** Characters of the "huge" string: 10 MiB, past any limit a service should accept. */
  public static final int HUGE_CHARS = 10 * 1024 * 1024;

  private static final int MAX_DEPTH = 4;
  private static final int MANY_SCALARS = 100_000;
  private static final int MANY_MESSAGES = 10_000;
  private static final String HUGE_STRING = "x".repeat(HUGE_CHARS);

  /**
   * Characters of the "long" string: 100 KiB, under the transport's message limits (256 KiB by
   * default, 4 MiB in the retriever), so that it reaches the service's own validation.
   */
  public static final int LONG_CHARS = 100 * 1024;

  private static final String LONG_STRING = "y".repeat(LONG_CHARS);

  /** One derived request and what was changed. */
  public record Mutation(String description, Message request) {}

  private record Value(String description, Object value) {}

  private final Set<String> skipped;
  private final List<Mutation> out = new ArrayList<>();

  private RequestMutations(Set<String> skipped) {
    this.skipped = skipped;
  }

  /**
   * The mutations of {@code base}.
   *
   * @param skipped field paths (for example {@code validate_only} or {@code spec.kubernetes}) left
   *     as they are, for fields whose change would start real work rather than test input
   */
  public static List<Mutation> of(Message base, Set<String> skipped) {
    RequestMutations m = new RequestMutations(skipped);
    m.mutate(base, "", 0, UnaryOperator.identity());
    return Collections.unmodifiableList(m.out);
  }

  private void mutate(Message m, String prefix, int depth, UnaryOperator<Message> wrap) {
    for (FieldDescriptor field : m.getDescriptorForType().getFields()) {
      String path = prefix + field.getName();
      if (skipped.contains(path)) {
        continue;
      }
      if (field.isMapField()) {
        mutateMap(m, field, path, wrap);
      } else if (field.isRepeated()) {
        mutateList(m, field, path, depth, wrap);
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (m.hasField(field)) {
          add(path + " unset", wrap.apply(m.toBuilder().clearField(field).build()));
        }
        if (depth < MAX_DEPTH) {
          Message sub =
              m.hasField(field)
                  ? (Message) m.getField(field)
                  : m.toBuilder().newBuilderForField(field).build();
          mutate(
              sub,
              path + ".",
              depth + 1,
              changed -> wrap.apply(m.toBuilder().setField(field, changed).build()));
        }
      } else {
        Object current = m.getField(field);
        for (Value v : badValues(field, current)) {
          add(
              path + " = " + v.description,
              wrap.apply(m.toBuilder().setField(field, v.value).build()));
        }
      }
    }
  }

  private void mutateList(
      Message m, FieldDescriptor field, String path, int depth, UnaryOperator<Message> wrap) {
    int count = m.getRepeatedFieldCount(field);
    if (count > 0) {
      add(path + " empty", wrap.apply(m.toBuilder().clearField(field).build()));
    }
    boolean messages = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
    Object first =
        count > 0
            ? m.getRepeatedField(field, 0)
            : messages ? m.toBuilder().newBuilderForField(field).build() : normalValue(field);
    UnaryOperator<Object> replaceFirst =
        element ->
            count > 0
                ? m.toBuilder().setRepeatedField(field, 0, element).build()
                : m.toBuilder().addRepeatedField(field, element).build();
    int many = messages ? MANY_MESSAGES : MANY_SCALARS;
    Message.Builder lots = m.toBuilder();
    for (int i = 0; i < many; i++) {
      lots.addRepeatedField(field, first);
    }
    add(path + " with " + many + " more elements", wrap.apply(lots.build()));
    if (messages) {
      if (depth < MAX_DEPTH) {
        mutate(
            (Message) first,
            path + "[0].",
            depth + 1,
            changed -> wrap.apply((Message) replaceFirst.apply(changed)));
      }
    } else {
      for (Value v : badValues(field, first)) {
        add(path + "[0] = " + v.description, wrap.apply((Message) replaceFirst.apply(v.value)));
      }
    }
  }

  private void mutateMap(
      Message m, FieldDescriptor field, String path, UnaryOperator<Message> wrap) {
    Message entry = m.toBuilder().newBuilderForField(field).build();
    FieldDescriptor key = entry.getDescriptorForType().findFieldByName("key");
    FieldDescriptor value = entry.getDescriptorForType().findFieldByName("value");
    Object normalKey = normalValue(key);
    Object normalValue =
        value.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            ? entry.toBuilder().newBuilderForField(value).build()
            : normalValue(value);
    for (Value v : badValues(key, normalKey)) {
      Message bad = entry.toBuilder().setField(key, v.value).setField(value, normalValue).build();
      add(
          path + " key " + v.description,
          wrap.apply(m.toBuilder().addRepeatedField(field, bad).build()));
    }
    if (value.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      for (Value v : badValues(value, normalValue)) {
        Message bad = entry.toBuilder().setField(key, normalKey).setField(value, v.value).build();
        add(
            path + " value " + v.description,
            wrap.apply(m.toBuilder().addRepeatedField(field, bad).build()));
      }
    }
    Message.Builder lots = m.toBuilder();
    for (int i = 0; i < MANY_MESSAGES; i++) {
      lots.addRepeatedField(
          field,
          entry.toBuilder()
              .setField(
                  key, key.getJavaType() == FieldDescriptor.JavaType.STRING ? "k" + i : normalKey)
              .setField(value, normalValue)
              .build());
    }
    add(path + " with " + MANY_MESSAGES + " more entries", wrap.apply(lots.build()));
  }

  private void add(String description, Message request) {
    out.add(new Mutation(description, request));
  }

  /** A value a field could sensibly hold, to fill lists and maps with. */
  private static Object normalValue(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case STRING -> "x";
      case INT -> 1;
      case LONG -> 1L;
      case FLOAT -> 0.5f;
      case DOUBLE -> 0.5;
      case BOOLEAN -> true;
      case BYTE_STRING -> ByteString.copyFromUtf8("x");
      case ENUM -> field.getEnumType().getValues().get(field.getEnumType().getValues().size() - 1);
      case MESSAGE -> throw new IllegalArgumentException(field.getFullName() + " is a message");
    };
  }

  /** Bad values of a scalar field, without the one it holds already. */
  private static List<Value> badValues(FieldDescriptor field, Object current) {
    List<Value> values =
        switch (field.getJavaType()) {
          case STRING ->
              List.of(
                  new Value("\"\" (missing)", ""),
                  new Value("<100 KiB string>", LONG_STRING),
                  new Value("<10 MiB string>", HUGE_STRING),
                  new Value("\"../../x\"", "../../x"),
                  new Value("\"a/b\"", "a/b"),
                  new Value("\"x\\u0000y\" (NUL)", "x\u0000y"),
                  new Value("\" \"", " "));
          case INT ->
              List.of(
                  new Value("-1", -1),
                  new Value("Integer.MIN_VALUE", Integer.MIN_VALUE),
                  new Value("Integer.MAX_VALUE", Integer.MAX_VALUE));
          case LONG ->
              List.of(
                  new Value("-1", -1L),
                  new Value("Long.MIN_VALUE", Long.MIN_VALUE),
                  new Value("Long.MAX_VALUE", Long.MAX_VALUE));
          case FLOAT ->
              List.of(
                  new Value("-1", -1f),
                  new Value("NaN", Float.NaN),
                  new Value("+Infinity", Float.POSITIVE_INFINITY),
                  new Value("-Infinity", Float.NEGATIVE_INFINITY),
                  new Value("Float.MAX_VALUE", Float.MAX_VALUE));
          case DOUBLE ->
              List.of(
                  new Value("-1", -1.0),
                  new Value("NaN", Double.NaN),
                  new Value("+Infinity", Double.POSITIVE_INFINITY),
                  new Value("-Infinity", Double.NEGATIVE_INFINITY),
                  new Value("Double.MAX_VALUE", Double.MAX_VALUE));
          case BOOLEAN ->
              List.of(new Value(String.valueOf(!(Boolean) current), !(Boolean) current));
          case BYTE_STRING ->
              List.of(
                  new Value("empty bytes", ByteString.EMPTY),
                  new Value("<10 MiB of bytes>", ByteString.copyFromUtf8(HUGE_STRING)));
          case ENUM ->
              List.of(
                  new Value(
                      "999 (not in the enum)",
                      field.getEnumType().findValueByNumberCreatingIfUnknown(999)),
                  new Value(
                      "-7 (not in the enum)",
                      field.getEnumType().findValueByNumberCreatingIfUnknown(-7)));
          case MESSAGE -> throw new IllegalArgumentException(field.getFullName() + " is a message");
        };
    return values.stream().filter(v -> !v.value.equals(current)).toList();
  }
}
