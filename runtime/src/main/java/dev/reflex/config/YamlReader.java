package dev.reflex.config;

import dev.reflex.config.YamlValue.YamlList;
import dev.reflex.config.YamlValue.YamlMap;
import dev.reflex.config.YamlValue.YamlScalar;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML file into a {@link YamlValue} tree with positions, using SnakeYAML's node API (no
 * object construction, so no type guessing and no arbitrary classes). Syntax errors, duplicate
 * keys, anchors used as merge keys and non-scalar keys become {@link ConfigProblem}s.
 */
final class YamlReader {
  private final Path file;
  private final List<ConfigProblem> problems;

  private YamlReader(Path file, List<ConfigProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Reads {@code file}.
   *
   * @param problems receives the problems found. Modified.
   * @return the document's root, or null when the file cannot be read or parsed (a problem says
   *     why)
   */
  static YamlValue read(Path file, List<ConfigProblem> problems) {
    String text = readText(file, problems);
    return text == null ? null : parse(file, text, problems);
  }

  /**
   * The text of {@code file}, or null when it is not a regular file, is larger than {@link
   * #MAX_FILE_BYTES} or cannot be read (a problem says why).
   */
  static String readText(Path file, List<ConfigProblem> problems) {
    String text;
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        problems.add(
            new ConfigProblem(
                file, 0, 0, "", "", "not a regular file (a FIFO, device or directory)"));
        return null;
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        problems.add(
            new ConfigProblem(
                file,
                0,
                0,
                "",
                "",
                "the file has "
                    + size
                    + " bytes; a controller config may have at most "
                    + MAX_FILE_BYTES
                    + " (a real one has a few KB)"));
        return null;
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why =
          switch (e) {
            case java.nio.file.NoSuchFileException x ->
                "no such file; check the path (the shipped configs are in"
                    + " firmware-config/controllers/)";
            case java.nio.file.AccessDeniedException x -> "permission denied; check its mode";
            case java.nio.charset.CharacterCodingException x -> "not UTF-8 text";
            default -> describe(e);
          };
      problems.add(new ConfigProblem(file, 0, 0, "", "", "cannot read: " + why));
      return null;
    }
    return text;
  }

  /** Parses {@code text} as if read from {@code file}; see {@link #read}. */
  static YamlValue parse(Path file, String text, List<ConfigProblem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) MAX_FILE_BYTES);
    options.setAllowDuplicateKeys(true); // reported below with both lines instead
    options.setMaxAliasesForCollections(10);
    Node root;
    try (Reader reader = new StringReader(text)) {
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      int col = mark == null ? 0 : mark.getColumn() + 1;
      problems.add(
          new ConfigProblem(file, line, col, "", "", "YAML syntax error: " + e.getProblem()));
      return null;
    } catch (RuntimeException | IOException e) {
      problems.add(new ConfigProblem(file, 0, 0, "", "", "YAML error: " + describe(e)));
      return null;
    }
    if (root == null) {
      problems.add(new ConfigProblem(file, 1, 1, "", "", "the file is empty"));
      return null;
    }
    return new YamlReader(file, problems).convert(root, "");
  }

  private YamlValue convert(Node node, String path) {
    int line = node.getStartMark().getLine() + 1;
    int col = node.getStartMark().getColumn() + 1;
    if (explicitTag(node)) {
      problems.add(
          new ConfigProblem(
              file,
              line,
              col,
              path,
              "",
              "YAML tag `"
                  + node.getTag().getValue().replace("tag:yaml.org,2002:", "!!")
                  + "` is not supported: write the value plainly (quote a string)"));
      // read on as if untagged: the tag is the one problem, not also the value's type
    }
    return switch (node) {
      case ScalarNode s when s.getValue().indexOf('\0') >= 0 -> {
        problems.add(
            new ConfigProblem(
                file, line, col, path, "", "contains a NUL character (\\0), not allowed"));
        yield new YamlScalar("", false, line, col);
      }
      case ScalarNode s ->
          new YamlScalar(
              s.getValue(), s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, line, col);
      case SequenceNode s -> {
        List<YamlValue> items = new ArrayList<>();
        for (Node item : s.getValue()) {
          items.add(convert(item, path + "[" + items.size() + "]"));
        }
        yield new YamlList(items, line, col);
      }
      case MappingNode m -> convertMap(m, path, line, col);
      default -> new YamlScalar("", true, line, col);
    };
  }

  private YamlMap convertMap(MappingNode m, String path, int line, int col) {
    Map<String, YamlValue> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node keyNode = t.getKeyNode();
      int keyLine = keyNode.getStartMark().getLine() + 1;
      if (!(keyNode instanceof ScalarNode ks)) {
        problems.add(
            new ConfigProblem(
                file,
                keyLine,
                keyNode.getStartMark().getColumn() + 1,
                path,
                "",
                "keys must be plain names"));
        continue;
      }
      String key = ks.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (key.equals("<<")) {
        problems.add(
            new ConfigProblem(
                file, keyLine, 0, childPath, "", "merge keys (<<) are not supported"));
        continue;
      }
      if (entries.containsKey(key)) {
        problems.add(
            new ConfigProblem(
                file,
                keyLine,
                keyNode.getStartMark().getColumn() + 1,
                childPath,
                key,
                "duplicate key (first given on line " + keyLines.get(key) + ")"));
        continue;
      }
      keyLines.put(key, keyLine);
      entries.put(key, convert(t.getValueNode(), childPath));
    }
    return new YamlMap(entries, keyLines, line, col);
  }

  /** Largest config file read, in bytes. */
  static final long MAX_FILE_BYTES = 256 * 1024;

  private static final org.yaml.snakeyaml.resolver.Resolver RESOLVER =
      new org.yaml.snakeyaml.resolver.Resolver();

  /** True when the node carries a tag written in the file (e.g. {@code !!str 5}). */
  private static boolean explicitTag(Node node) {
    return switch (node) {
      case ScalarNode s ->
          !s.getTag()
              .equals(
                  RESOLVER.resolve(
                      org.yaml.snakeyaml.nodes.NodeId.scalar,
                      s.getValue(),
                      s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN));
      case SequenceNode s -> !s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.SEQ);
      case MappingNode m -> !m.getTag().equals(org.yaml.snakeyaml.nodes.Tag.MAP);
      default -> false;
    };
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
