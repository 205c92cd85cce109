package dev.reflex.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML config (a controller or a board profile) as ONE Jackson tree from Jackson's YAML
 * parser (each node's line and column kept, each scalar re-read from its text and style as the
 * project reads YAML: see {@link StyledParser}), validates it with com.networknt's
 * json-schema-validator against the schema (the project's {@code x-unit}, {@code x-exclusive} as
 * custom keywords, {@code x-discriminator} as a narrowing of oneOf errors, {@code type} refusing
 * {@code 1883.0} for an integer), maps each library error to a {@link ConfigProblem} with the
 * project's path form ({@code plant.pi4j.devices[0].counts_per_rev}), line and {@link
 * SchemaMessages} text, and builds from the same tree the {@link ConfigTree} the cross-field rules
 * and {@link ConfigBinder} read: defaults filled in (a key's {@code default} unless another key of
 * its {@code x-exclusive} group is given; an absent object without required keys created when its
 * {@code x-implicit-when} siblings match), quantities parsed, failed values left out.
 */
final class ConfigReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012())
          .keyword(new SchemaKeywords.UnitKeyword())
          .keyword(new SchemaKeywords.IntegerTypeKeyword())
          .keyword(new SchemaKeywords.ExclusiveKeyword())
          // read by the keywords above or by the narrowing of oneOf errors below
          .keyword(new NonValidationKeyword("x-minimum"))
          .keyword(new NonValidationKeyword("x-maximum"))
          .keyword(new NonValidationKeyword("x-discriminator"))
          // decides which absent objects get defaults: nothing to validate
          .keyword(new NonValidationKeyword("x-implicit-when"))
          .build();

  private static final Map<String, ConfigReader> BY_NAME =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The pipeline for the schema resource {@code name} ({@code controller.schema.json}). */
  static ConfigReader of(String name) {
    return BY_NAME.computeIfAbsent(name, ConfigReader::new);
  }

  private final JsonSchema project;
  private final Schema schema;

  private ConfigReader(String name) {
    project = JsonSchema.load(name);
    schema = SchemaRegistry.withDialect(DIALECT).getSchema(project.root());
  }

  /** A YAML document as one Jackson tree, and the 1-based line of each node by JSON pointer. */
  record Located(JsonNode root, Map<String, Integer> lines) {}

  /** A problem found while reading: YAML syntax, a duplicate key. */
  static final class ReadProblem extends IOException {
    final ConfigProblem problem;

    ReadProblem(ConfigProblem problem) {
      super(problem.format());
      this.problem = problem;
    }
  }

  /**
   * Jackson's YAML parser, noting whether the last scalar was plain (unquoted): Jackson resolves
   * plain scalars by YAML 1.1 ({@code yes}, {@code on}, {@code True} booleans, {@code 017} octal,
   * {@code 0b101}, {@code .inf}, {@code Null}); the project reads them its own way (only {@code
   * true}/{@code false}, decimal and {@code 0x} integers, finite decimals, {@code null}/ {@code
   * ~}/empty as null), so each scalar is re-read from its text and style.
   */
  static final class StyledParser extends com.fasterxml.jackson.dataformat.yaml.YAMLParser {
    boolean plain;

    StyledParser(
        com.fasterxml.jackson.core.io.IOContext ctxt,
        int parserFeatures,
        int yamlFeatures,
        org.yaml.snakeyaml.LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec,
        java.io.Reader reader) {
      super(ctxt, parserFeatures, yamlFeatures, options, codec, reader);
    }

    @Override
    protected JsonToken _decodeScalar(org.yaml.snakeyaml.events.ScalarEvent scalar)
        throws IOException {
      plain = scalar.isPlain();
      return super._decodeScalar(scalar);
    }
  }

  private static final class StyledFactory extends YAMLFactory {
    StyledFactory() {
      super(YAMLFactory.builder().loaderOptions(options()));
    }

    private static org.yaml.snakeyaml.LoaderOptions options() {
      var o = new org.yaml.snakeyaml.LoaderOptions();
      o.setCodePointLimit((int) MAX_FILE_BYTES);
      o.setMaxAliasesForCollections(10);
      return o;
    }

    @Override
    protected com.fasterxml.jackson.dataformat.yaml.YAMLParser _createParser(
        java.io.Reader r, com.fasterxml.jackson.core.io.IOContext ctxt) {
      return new StyledParser(
          ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }
  }

  /** JSON pointers of the quoted scalars of the document being read. */
  private static final ThreadLocal<Set<String>> QUOTED =
      ThreadLocal.withInitial(java.util.HashSet::new);

  /** Each scalar's text as written, by JSON pointer, for the messages ({@code 1e3}, not 1000.0). */
  private static final ThreadLocal<Map<String, String>> WRITTEN =
      ThreadLocal.withInitial(HashMap::new);

  /** Problems found while reading on (tags, NUL, duplicate keys), for {@link #validate}. */
  private static final ThreadLocal<List<ConfigProblem>> READ_PROBLEMS =
      ThreadLocal.withInitial(ArrayList::new);

  /** JSON pointers of the values that failed validation: absent from {@link #tree}. */
  private static final ThreadLocal<Set<String>> DROPPED =
      ThreadLocal.withInitial(java.util.HashSet::new);

  /** Each node's 1-based column by JSON pointer. */
  private static final ThreadLocal<Map<String, Integer>> COLUMNS =
      ThreadLocal.withInitial(HashMap::new);

  /**
   * Reads, validates and builds {@code file}'s tree from its {@code text}.
   *
   * @param problems receives every problem found. Modified.
   * @return the tree (failed values absent), or null when the text is not a YAML document
   */
  ConfigTree load(Path file, String text, List<ConfigProblem> problems) {
    DROPPED.get().clear();
    Located doc;
    try {
      doc = read(file, text);
    } catch (ReadProblem e) {
      problems.add(e.problem);
      return null;
    } catch (IOException | RuntimeException e) {
      problems.add(
          new ConfigProblem(
              file,
              0,
              0,
              "",
              "",
              "YAML error: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
      return null;
    }
    if (doc == null) {
      problems.add(new ConfigProblem(file, 1, 1, "", "", "the file is empty"));
      return null;
    }
    problems.addAll(check(file, doc));
    ConfigTree tree = new ConfigTree(file, new java.util.LinkedHashMap<>(), new HashMap<>());
    if (new TreeBuilder(project, doc, tree).value(doc.root(), project.root(), "", "", null)
        instanceof Map<?, ?> root) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) root;
      tree.root().putAll(map);
    }
    return tree;
  }

  /** {@link #load}'s problems for {@code file} (tests compare them with the old validator's). */
  List<ConfigProblem> validate(Path file) throws IOException {
    List<ConfigProblem> problems = new ArrayList<>();
    load(file, Files.readString(file), problems);
    return problems;
  }

  /** {@link #load}'s tree for {@code file}, or null when it is not a YAML document. */
  ConfigTree tree(Path file) throws IOException {
    return load(file, Files.readString(file), new ArrayList<>());
  }

  static Located read(Path file, String text) throws IOException {
    WRITTEN.get().clear();
    COLUMNS.get().clear();
    Map<String, Integer> lines = new HashMap<>();
    FIRST_LINES.get().clear();
    QUOTED.get().clear();
    YAMLFactory yaml = new StyledFactory();
    READ_PROBLEMS.get().clear();
    try (JsonParser p = yaml.createParser(new java.io.StringReader(text))) {
      if (p.nextToken() == null) {
        return null;
      }
      return new Located(node(file, p, "", "", lines), lines);
    } catch (ReadProblem e) {
      throw e;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String why =
          e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
              ? m.getProblem()
              : e.getOriginalMessage();
      throw new ReadProblem(new ConfigProblem(file, line, 0, "", "", "YAML syntax error: " + why));
    }
  }

  private static JsonNode node(
      Path file, JsonParser p, String pointer, String path, Map<String, Integer> lines)
      throws IOException {
    lines.put(pointer, p.currentTokenLocation().getLineNr());
    COLUMNS.get().put(pointer, p.currentTokenLocation().getColumnNr());
    JsonToken t = p.currentToken();
    int line = p.currentTokenLocation().getLineNr();
    String tag =
        p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y ? y.getTypeId() : null;
    if (tag != null) {
      // read on as if untagged: the tag is the one problem, not also the value's type
      READ_PROBLEMS
          .get()
          .add(
              new ConfigProblem(
                  file,
                  line,
                  0,
                  path,
                  "",
                  "YAML tag `"
                      + tag.replace("tag:yaml.org,2002:", "!!")
                      + "` is not supported: write the value plainly (quote a string)"));
    }
    if (t == JsonToken.VALUE_STRING && p.getText().indexOf('\0') >= 0) {
      READ_PROBLEMS
          .get()
          .add(
              new ConfigProblem(
                  file, line, 0, path, "", "contains a NUL character (\\0), not allowed"));
      QUOTED.get().add(pointer);
      WRITTEN.get().put(pointer, "");
      return NODES.textNode("");
    }
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          FIRST_LINES
              .get()
              .putIfAbsent(
                  path.isEmpty() ? name : path + "." + name, p.currentTokenLocation().getLineNr());
          p.nextToken();
          String keyPath = path.isEmpty() ? name : path + "." + name;
          if (o.has(name)) {
            READ_PROBLEMS
                .get()
                .add(
                    new ConfigProblem(
                        file,
                        keyLine,
                        0,
                        keyPath,
                        name,
                        "duplicate key (first given on line "
                            + FIRST_LINES.get().get(keyPath)
                            + ")"));
            p.skipChildren();
            continue;
          }
          o.set(
              name,
              node(
                  file,
                  p,
                  pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
                  path.isEmpty() ? name : path + "." + name,
                  lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(node(file, p, pointer + "/" + i, path + "[" + i + "]", lines));
          i++;
        }
        return a;
      }
      default -> {
        return scalar(p, pointer);
      }
    }
  }

  /** A scalar read the project's way (see StyledParser). */
  private static JsonNode scalar(JsonParser p, String pointer) throws IOException {
    String text = p.getText() == null ? "" : p.getText();
    WRITTEN.get().put(pointer, text);
    if (!((StyledParser) p).plain) {
      QUOTED.get().add(pointer);
      return NODES.textNode(text);
    }
    if (text.isEmpty() || text.equals("~") || text.equals("null")) {
      return NODES.nullNode();
    }
    if (text.equals("true") || text.equals("false")) {
      return NODES.booleanNode(text.equals("true"));
    }
    Long l = Scalars.parseLong(text);
    if (l != null) {
      return NODES.numberNode(l);
    }
    Double d = Scalars.parseDouble(text);
    return d != null ? NODES.numberNode(d) : NODES.textNode(text);
  }

  /** Line of each key's first occurrence by project path, while {@link #read} runs. */
  private static final ThreadLocal<Map<String, Integer>> FIRST_LINES =
      ThreadLocal.withInitial(HashMap::new);

  /** The schema object holding the error's keyword. */
  private JsonNode holder(Error e) {
    List<Object> f = elements(e.getSchemaLocation().getFragment());
    StringBuilder owner = new StringBuilder();
    for (Object el : f.subList(0, Math.max(0, f.size() - 1))) {
      owner.append('/').append(el);
    }
    return project.root().at(owner.toString());
  }

  /** The project's text for a library error (SchemaMessages), null to drop it. */
  private String message(Error e, String property) {
    JsonNode s = holder(e);
    JsonNode v = e.getInstanceNode();
    String text =
        WRITTEN
            .get()
            .getOrDefault(
                pointer(e.getInstanceLocation()),
                v == null ? "" : v.isTextual() ? v.textValue() : v.toString());
    return switch (e.getKeyword()) {
      case "required" ->
          SchemaMessages.missingKey(project, property, s.path("properties").path(property));
      case "additionalProperties" -> {
        List<String> known = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(known::add);
        yield SchemaMessages.unknownKey(property, known);
      }
      case "type" ->
          s.has("x-unit")
              ? null
              : v == null || v.isNull()
                  ? "missing value: expected " + SchemaMessages.expected(project, s)
                  : "expected "
                      + SchemaMessages.expected(project, s)
                      + ", got "
                      + (QUOTED.get().contains(pointer(e.getInstanceLocation()))
                          ? "the quoted string \"" + text + "\""
                          : "`" + text + "`");
      case "pattern" -> s.has("x-unit") ? null : SchemaMessages.noMatch(project, text, s);
      case "maxLength" -> SchemaMessages.tooLong(project, text, s);
      case "minLength" -> "must not be empty";
      case "minItems" -> SchemaMessages.tooFew(s, v == null ? 0 : v.size());
      case "maxItems" ->
          "allows at most "
              + s.get("maxItems").asInt()
              + " entries, has "
              + (v == null ? 0 : v.size());
      case "const" -> "expected `" + s.get("const").asText() + "`";
      case "enum" -> {
        List<String> allowed = new ArrayList<>();
        s.get("enum").forEach(x -> allowed.add(x.asText()));
        // a number's enum lists the values; a name's suggests the nearest
        yield v != null && v.isNumber()
            ? "not allowed: one of " + String.join(", ", allowed)
            : SchemaMessages.notAllowed(text, allowed);
      }
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" ->
          "out of range: allowed "
              + SchemaMessages.range(s)
              + ", got "
              + SchemaMessages.shown(text);
      default -> e.getMessage();
    };
  }

  private static String pointer(NodePath p) {
    StringBuilder out = new StringBuilder();
    for (Object el : elements(p)) {
      out.append('/').append(String.valueOf(el).replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  /**
   * Whether {@code s} (or, for a oneOf, one of its branches) takes a value of JSON {@code kind}.
   */
  private boolean allows(JsonNode s, String kind) {
    if (s.has("oneOf")) {
      for (JsonNode b : s.get("oneOf")) {
        if (allows(project.resolve(b), kind)) {
          return true;
        }
      }
      return false;
    }
    Set<String> types = SchemaMessages.types(s);
    return types.contains(kind) || (kind.equals("integer") && types.contains("number"));
  }

  private static List<Object> elements(NodePath p) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < p.getNameCount(); i++) {
      out.add(p.getElement(i));
    }
    return out;
  }

  private static boolean startsWith(List<Object> list, List<Object> prefix) {
    return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
  }

  /**
   * The schema's {@code x-discriminator}: of a {@code oneOf} whose branches fix {@code type} by
   * {@code const}, only the branch the instance names is reported (as the project always did), not
   * every branch's mismatch; an instance naming no branch gets one problem at its discriminator.
   */
  private List<Error> discriminated(
      List<Error> errors, JsonNode root, List<ConfigProblem> out, Path file, Located doc) {
    List<Error> kept = new ArrayList<>(errors);
    for (Error e : errors) {
      if (!"oneOf".equals(e.getKeyword())) {
        continue;
      }
      List<Object> fragment = elements(e.getSchemaLocation().getFragment());
      // where the oneOf was reached (through $refs): its branches' errors lie below it
      List<Object> evaluated = elements(e.getEvaluationPath());
      StringBuilder owner = new StringBuilder();
      for (Object el : fragment.subList(0, fragment.size() - 1)) {
        owner.append('/').append(el);
      }
      JsonNode holder = project.root().at(owner.toString());
      String disc = holder.path("x-discriminator").asText("");
      List<Object> at = elements(e.getInstanceLocation());
      if (disc.isEmpty()) {
        // a plain oneOf (a pin: a number or a name): judged by the one branch of the value's type
        JsonNode v = e.getInstanceNode();
        String kind =
            v == null
                ? ""
                : v.isIntegralNumber()
                    ? "integer"
                    : v.isNumber()
                        ? "number"
                        : v.isTextual()
                            ? "string"
                            : v.isBoolean() ? "boolean" : v.isArray() ? "array" : "object";
        JsonNode branches = holder.get("oneOf");
        int match = -1;
        int matches = 0;
        for (int b = 0; b < branches.size(); b++) {
          if (allows(project.resolve(branches.get(b)), kind)) {
            match = b;
            matches++;
          }
        }
        if (matches == 1) {
          final int keep = match;
          kept.remove(e);
          kept.removeIf(
              x -> {
                List<Object> xf = elements(x.getEvaluationPath());
                return startsWith(xf, evaluated)
                    && xf.size() > evaluated.size()
                    && !xf.get(evaluated.size()).equals(keep)
                    && startsWith(elements(x.getInstanceLocation()), at);
              });
        }
        continue;
      }
      StringBuilder pointer = new StringBuilder();
      StringBuilder path = new StringBuilder();
      for (Object el : at) {
        pointer.append('/').append(el);
        path.append(el instanceof Integer i ? "[" + i + "]" : (path.isEmpty() ? "" : ".") + el);
      }
      String value = root.at(pointer.toString()).path(disc).asText("");
      JsonNode branches = holder.get("oneOf");
      int chosen = -1;
      List<String> names = new ArrayList<>();
      for (int b = 0; b < branches.size(); b++) {
        String c = branches.get(b).path("properties").path(disc).path("const").asText();
        names.add(c);
        if (c.equals(value)) {
          chosen = b;
        }
      }
      kept.remove(e);
      final int keep = chosen;
      kept.removeIf(
          x -> {
            List<Object> xf = elements(x.getEvaluationPath());
            if (!startsWith(xf, evaluated) || !startsWith(elements(x.getInstanceLocation()), at)) {
              return false;
            }
            return xf.size() == evaluated.size() || !xf.get(evaluated.size()).equals(keep);
          });
      if (chosen < 0) {
        DROPPED.get().add(pointer.toString());
        Integer line = doc.lines().get(pointer + "/" + disc);
        out.add(
            new ConfigProblem(
                file,
                line == null ? doc.lines().getOrDefault(pointer.toString(), 0) : line,
                0,
                path + "." + disc,
                value,
                "unknown "
                    + disc
                    + " `"
                    + value
                    + "`: one of "
                    + String.join(", ", names)
                    + Suggestions.didYouMean(value, names)));
      }
    }
    return kept;
  }

  /**
   * The library's errors once each plain scalar that a string key holds is read as its text: the
   * YAML resolver made {@code name: 0x10} a number and {@code name: yes} a boolean, the config
   * reads the schema's type (a string). Such values are turned into their written text and the
   * document validated again, so the string's own checks (pattern, length) run on them.
   */
  private List<Error> typedAsWritten(JsonNode root) {
    List<Error> errors = schema.validate(root);
    for (int round = 0; round < 4; round++) {
      boolean changed = false;
      for (Error e : errors) {
        JsonNode v = e.getInstanceNode();
        if (!"type".equals(e.getKeyword())
            || v == null
            || !(v.isNumber() || v.isBoolean())
            || !SchemaMessages.types(holder(e)).contains("string")) {
          continue;
        }
        List<Object> f = elements(e.getSchemaLocation().getFragment());
        if (f.size() >= 3 && "oneOf".equals(f.get(f.size() - 3))) {
          continue; // a branch of a oneOf over types (a pin: number or name): the value's own type
        }
        String at = pointer(e.getInstanceLocation());
        String written = WRITTEN.get().get(at);
        int cut = at.lastIndexOf('/');
        JsonNode parent = root.at(at.substring(0, cut));
        String last = at.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (written == null) {
          continue;
        }
        if (parent instanceof ObjectNode o) {
          o.put(last, written);
          changed = true;
        } else if (parent instanceof ArrayNode a) {
          a.set(Integer.parseInt(last), NODES.textNode(written));
          changed = true;
        }
      }
      if (!changed) {
        return errors;
      }
      errors = schema.validate(root);
    }
    return errors;
  }

  /** Library errors as problems: project path, the line of the node (or of the named key). */
  private List<ConfigProblem> check(Path file, Located doc) {
    List<ConfigProblem> out = new ArrayList<>(READ_PROBLEMS.get());
    List<Error> errors = discriminated(typedAsWritten(doc.root()), doc.root(), out, file, doc);
    for (Error e : errors) {
      NodePath at = e.getInstanceLocation();
      StringBuilder path = new StringBuilder();
      StringBuilder pointer = new StringBuilder();
      for (int i = 0; i < at.getNameCount(); i++) {
        Object el = at.getElement(i);
        if (el instanceof Integer index) {
          path.append('[').append(index).append(']');
        } else {
          path.append(path.isEmpty() ? "" : ".").append(el);
        }
        pointer.append('/').append(el);
      }
      String property = e.getProperty();
      boolean keyed =
          property != null
              && ("required".equals(e.getKeyword())
                  || "additionalProperties".equals(e.getKeyword()));
      if (keyed) {
        path.append(path.isEmpty() ? "" : ".").append(property);
      }
      Integer line =
          "additionalProperties".equals(e.getKeyword())
              ? doc.lines().get(pointer + "/" + property)
              : doc.lines().get(pointer.toString());
      switch (e.getKeyword()) {
        case "required", "minItems", "maxItems", "x-exclusive" -> {}
        case "additionalProperties" -> DROPPED.get().add(pointer + "/" + property);
        default -> DROPPED.get().add(pointer.toString());
      }
      String message = message(e, property);
      if (message == null) {
        continue; // reported by another keyword (x-unit over type/pattern)
      }
      out.add(
          new ConfigProblem(
              file,
              line == null ? 0 : line,
              0,
              path.toString(),
              String.valueOf(e.getInstanceNode()),
              message));
    }
    return out;
  }

  private record TreeBuilder(JsonSchema project, Located doc, ConfigTree tree) {
    /** {@code at}: where a default lives (its parent mapping's position), null when written. */
    Object value(JsonNode v, JsonNode s0, String pointer, String path, int[] at) {
      JsonNode s = project.resolve(s0);
      int[] pos =
          at != null
              ? at
              : new int[] {
                doc.lines().getOrDefault(pointer, 1), COLUMNS.get().getOrDefault(pointer, 1)
              };
      tree.position(path, pos[0], pos[1]);
      if (at == null && DROPPED.get().contains(pointer)) {
        return null;
      }
      if (s.has("oneOf")) {
        return value(v, branch(v, s), pointer, path, at);
      }
      if (v.isNull()) {
        return null;
      }
      if (s.has("const")) {
        return s.get("const").asText();
      }
      if (v.isObject()) {
        return object(v, s, pointer, path, pos, at);
      }
      if (v.isArray()) {
        List<Object> out = new ArrayList<>();
        JsonNode items = s.get("items");
        for (int i = 0; i < v.size(); i++) {
          out.add(
              items == null
                  ? v.get(i).asText()
                  : value(v.get(i), items, pointer + "/" + i, path + "[" + i + "]", at));
        }
        return out;
      }
      Set<String> types = SchemaMessages.types(s);
      String text = written(v, pointer, at);
      if (types.contains("string") && s.has("x-unit")) {
        return Quantity.parse(text, s.get("x-unit").asText(), new String[1]).orElseThrow();
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isIntegralNumber() && types.contains("integer")) {
        return v.longValue();
      }
      if (v.isNumber()) {
        return v.doubleValue();
      }
      return text;
    }

    private static String written(JsonNode v, String pointer, int[] at) {
      String w = at == null ? WRITTEN.get().get(pointer) : null;
      return v.isTextual() ? v.textValue() : w != null ? w : v.asText();
    }

    /** The branch of a oneOf: by its x-discriminator's const, else by the value's type. */
    private JsonNode branch(JsonNode v, JsonNode s) {
      String disc = s.path("x-discriminator").asText("");
      for (JsonNode b : s.get("oneOf")) {
        JsonNode rb = project.resolve(b);
        if (!disc.isEmpty()) {
          if (rb.path("properties")
              .path(disc)
              .path("const")
              .asText()
              .equals(v.path(disc).asText())) {
            return b;
          }
          continue;
        }
        boolean fits = fits(v, rb);
        if (fits) {
          return b;
        }
      }
      throw new IllegalStateException("a valid value fits a branch: " + v);
    }

    /**
     * Whether valid {@code v} is of branch {@code rb}: its type, and for a mapping its required
     * keys and no others (the pin's {header}, {pin}, {line} forms), a nested oneOf by any branch.
     */
    private boolean fits(JsonNode v, JsonNode rb) {
      if (rb.has("oneOf")) {
        for (JsonNode b : rb.get("oneOf")) {
          if (fits(v, project.resolve(b))) {
            return true;
          }
        }
        return false;
      }
      Set<String> t = SchemaMessages.types(rb);
      if (v.isObject()) {
        if (!t.contains("object")) {
          return false;
        }
        for (JsonNode r : rb.path("required")) {
          if (!v.has(r.asText())) {
            return false;
          }
        }
        if (rb.path("additionalProperties").isBoolean()
            && !rb.get("additionalProperties").asBoolean()) {
          for (String k : (Iterable<String>) v::fieldNames) {
            if (!rb.path("properties").has(k)) {
              return false;
            }
          }
        }
        return true;
      }
      return v.isArray()
          ? t.contains("array")
          : v.isIntegralNumber()
              ? t.contains("integer") || t.contains("number")
              : v.isNumber()
                  ? t.contains("number")
                  : v.isBoolean() ? t.contains("boolean") : t.contains("string");
    }

    private Object object(
        JsonNode m, JsonNode s, String pointer, String path, int[] pos, int[] at) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      JsonNode props = s.path("properties");
      JsonNode additional = s.get("additionalProperties");
      for (Map.Entry<String, JsonNode> e : m.properties()) {
        String childPointer = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        if (props.has(e.getKey()) || DROPPED.get().contains(childPointer)) {
          continue;
        }
        String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        out.put(
            e.getKey(),
            additional != null && additional.isObject()
                ? value(e.getValue(), additional, childPointer, childPath, at)
                : e.getValue().asText());
      }
      Map<String, List<String>> group = new HashMap<>();
      for (JsonNode g : s.path("x-exclusive")) {
        List<String> keys = new ArrayList<>();
        g.forEach(k -> keys.add(k.asText()));
        keys.forEach(k -> group.put(k, keys));
      }
      for (Map.Entry<String, JsonNode> p : props.properties()) {
        String key = p.getKey();
        String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        String childPath = path.isEmpty() ? key : path + "." + key;
        JsonNode ps = project.resolve(p.getValue());
        JsonNode given = m.get(key);
        int[] childAt = at;
        if (given == null) {
          boolean otherGiven = group.getOrDefault(key, List.of()).stream().anyMatch(m::has);
          if (ps.has("default") && !otherGiven) {
            given = ps.get("default");
          } else if (SchemaMessages.types(ps).contains("object")
              && !ps.has("required")
              && implicitAllowed(ps, m)
              && !ps.has("oneOf")) {
            given = NODES.objectNode();
          } else {
            continue;
          }
          childAt = pos;
        }
        Object child = value(given, ps, childPointer, childPath, childAt);
        if (child != null) {
          out.put(key, child);
        }
      }
      return out;
    }

    private static boolean implicitAllowed(JsonNode ps, JsonNode siblings) {
      JsonNode when = ps.get("x-implicit-when");
      if (when == null) {
        return true;
      }
      for (Map.Entry<String, JsonNode> e : when.properties()) {
        JsonNode sib = siblings.get(e.getKey());
        if (sib == null || !sib.isValueNode() || !sib.asText().equals(e.getValue().asText())) {
          return false;
        }
      }
      return true;
    }
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

  /** Largest config file read, in bytes. */
  static final long MAX_FILE_BYTES = 256 * 1024;

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
