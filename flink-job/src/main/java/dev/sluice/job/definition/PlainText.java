package dev.sluice.job.definition;

import java.util.EnumSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement.TextStyle;

/** An option's description as one line of plain text, for fixes and the reference. */
final class PlainText extends Formatter {

  static String of(ConfigOption<?> option) {
    return new PlainText().format(option.description()).strip();
  }

  @Override
  protected void formatLink(StringBuilder state, String link, String description) {
    state.append(description.isEmpty() ? link : description + " (" + link + ")");
  }

  @Override
  protected void formatLineBreak(StringBuilder state) {
    state.append(' ');
  }

  @Override
  protected void formatText(
      StringBuilder state, String format, String[] elements, EnumSet<TextStyle> styles) {
    state.append(String.format(format, (Object[]) elements));
  }

  @Override
  protected void formatList(StringBuilder state, String[] entries) {
    state.append(String.join("; ", entries));
  }

  @Override
  protected Formatter newInstance() {
    return new PlainText();
  }
}
