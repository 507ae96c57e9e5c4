package dev.sluice.job.definition;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;

/** The value type of an option (Flink keeps it package-private) and how a file spells values. */
final class OptionTypes {

  private static final Field CLAZZ = accessible("clazz");
  private static final Field IS_LIST = accessible("isList");

  private OptionTypes() {}

  private static Field accessible(String name) {
    try {
      Field field = ConfigOption.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Flink's ConfigOption has no field " + name, e);
    }
  }

  /** The type of the option's value, or of each item of a list option. */
  static Class<?> valueClass(ConfigOption<?> option) {
    try {
      return (Class<?>) CLAZZ.get(option);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isList(ConfigOption<?> option) {
    try {
      return IS_LIST.getBoolean(option);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The type as the reference shows it: {@code Duration}, {@code List<String>}, {@code Enum}. */
  static String typeName(ConfigOption<?> option) {
    String name = valueClass(option).isEnum() ? "Enum" : valueClass(option).getSimpleName();
    return isList(option) ? "List<" + name + ">" : name;
  }

  /** The spellings of an enum option's values, e.g. {@code evolve, dead-letter}; else empty. */
  static List<String> enumValues(ConfigOption<?> option) {
    Object[] constants = valueClass(option).getEnumConstants();
    return constants == null
        ? List.of()
        : Arrays.stream(constants).map(OptionTypes::spell).toList();
  }

  /**
   * {@code raw} as Flink parses it: an enum constant written with {@code -} for {@code _} in any
   * case ({@code dead-letter}) becomes the constant's own spelling; anything else stays.
   */
  static String normalize(ConfigOption<?> option, String raw) {
    Object[] constants = valueClass(option).getEnumConstants();
    if (constants == null || isList(option)) {
      return raw;
    }
    String wanted = raw.strip().replace('-', '_');
    for (Object constant : constants) {
      if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
        return constant.toString();
      }
    }
    return raw;
  }

  /** A value as a pipeline file writes it: {@code 30 s}, {@code dead-letter}, {@code [a, b]}. */
  static String spell(Object value) {
    if (value instanceof Duration duration) {
      return TimeUtils.formatWithHighestUnit(duration);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    if (value instanceof List<?> list) {
      return list.stream().map(OptionTypes::spell).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  /** How to write a value of the option's type, for the fix of a value that does not parse. */
  static String howToWrite(ConfigOption<?> option) {
    Class<?> type = valueClass(option);
    String value;
    if (type.isEnum()) {
      value = "one of " + String.join(", ", enumValues(option));
    } else if (type == Duration.class) {
      value = "a duration such as 500 ms, 30 s, 5 min, 1 h or 1 d";
    } else if (type == Integer.class || type == Long.class) {
      value = "a whole number";
    } else if (type == Double.class || type == Float.class) {
      value = "a number";
    } else if (type == Boolean.class) {
      value = "true or false";
    } else {
      value = "a " + type.getSimpleName();
    }
    return isList(option) ? "Write a list, [a, b], of " + value : "Write " + value;
  }
}
