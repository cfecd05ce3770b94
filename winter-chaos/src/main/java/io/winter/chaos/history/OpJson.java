package io.winter.chaos.history;

import java.util.Map;

/** The JSON object one {@link Op} is written as, one per line of a history file. */
final class OpJson {
  private OpJson() {}

  static String toJson(Op op) {
    StringBuilder json = new StringBuilder(160);
    json.append("{\"id\":").append(op.id())
        .append(",\"process\":").append(op.process())
        .append(",\"type\":");
    FlatJson.appendString(json, op.type().name());
    json.append(",\"table\":");
    FlatJson.appendString(json, op.table());
    json.append(",\"key\":");
    FlatJson.appendString(json, op.key());
    json.append(",\"value\":");
    FlatJson.appendString(json, op.value());
    json.append(",\"expireMs\":").append(op.expireMs())
        .append(",\"invokeNanos\":").append(op.invokeNanos())
        .append(",\"completeNanos\":").append(op.completeNanos())
        .append(",\"outcome\":");
    FlatJson.appendString(json, op.outcome().name());
    json.append(",\"reply\":");
    FlatJson.appendString(json, op.reply());
    return json.append('}').toString();
  }

  static Op fromJson(String line) {
    Map<String, Object> fields = FlatJson.parseObject(line);
    return new Op(
        number(fields, "id"),
        Math.toIntExact(number(fields, "process")),
        OpType.valueOf(requiredText(fields, "type")),
        text(fields, "table"),
        text(fields, "key"),
        text(fields, "value"),
        number(fields, "expireMs"),
        number(fields, "invokeNanos"),
        number(fields, "completeNanos"),
        Outcome.valueOf(requiredText(fields, "outcome")),
        text(fields, "reply"));
  }

  private static long number(Map<String, Object> fields, String name) {
    if (fields.get(name) instanceof Long n) {
      return n;
    }
    throw new IllegalArgumentException("field " + name + " is not a whole number");
  }

  private static String text(Map<String, Object> fields, String name) {
    Object v = fields.get(name);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException("field " + name + " is not a string");
  }

  private static String requiredText(Map<String, Object> fields, String name) {
    String v = text(fields, name);
    if (v == null) {
      throw new IllegalArgumentException("field " + name + " is missing");
    }
    return v;
  }
}
