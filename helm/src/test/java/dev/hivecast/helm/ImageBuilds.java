package dev.hivecast.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The two definitions of the tracker's image, read from the source tree: tracker-service/Dockerfile
 * and the Jib configuration of the "image" profile in tracker-service/pom.xml. No container engine
 * or registry is needed, so the chart tests can hold both to what the chart expects of its image.
 */
final class ImageBuilds {

    /** What one definition says about the image; Jib's values with its pom properties resolved. */
    record Image(String base, String user, List<Integer> ports, Map<String, String> environment,
                 Map<String, String> labels) {
    }

    /** What the Dockerfile says, how it starts the tracker, and its build arguments' defaults. */
    record Dockerfile(Image image, List<String> entrypoint, String jarDestination, Map<String, String> arguments) {
    }

    /** What Jib says, how it starts the tracker, and the shaded jar's manifest it must match. */
    record Jib(Image image, List<String> platforms, String mainClass, List<String> jvmFlags,
               String jarMainClass, List<String> jarAddExports, List<String> jarAddOpens, String projectVersion) {
    }

    private static final Pattern PAIR = Pattern.compile("([\\w.-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private ImageBuilds() {
    }

    static Dockerfile dockerfile(Path file) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<Integer> ports = new ArrayList<>();
        List<String> entrypoint = new ArrayList<>();
        String from = null;
        String user = null;
        String jarDestination = null;
        for (String line : instructions(Files.readString(file))) {
            String[] parts = line.split("\\s+", 2);
            String rest = parts.length > 1 ? parts[1] : "";
            switch (parts[0].toUpperCase()) {
                case "ARG" -> pairsInto(rest, args, true);
                case "FROM" -> from = substitute(rest, args);
                case "ENV" -> pairsInto(rest, env, false);
                case "LABEL" -> pairsInto(rest, labels, false);
                case "USER" -> user = rest.trim();
                case "EXPOSE" -> List.of(rest.trim().split("\\s+")).forEach(p -> ports.add(Integer.parseInt(p)));
                case "ENTRYPOINT" -> quoted(rest, entrypoint);
                case "COPY" -> jarDestination = rest.trim().split("\\s+")[1];
                default -> { }
            }
        }
        return new Dockerfile(new Image(from, user, ports, env, labels), entrypoint, jarDestination, args);
    }

    /** The instructions, continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    /** KEY=value pairs; an ARG without a value keeps the one declared before FROM. */
    private static void pairsInto(String text, Map<String, String> into, boolean isArg) {
        Matcher m = PAIR.matcher(text);
        boolean any = false;
        while (m.find()) {
            String value = m.group(2);
            into.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            any = true;
        }
        if (isArg && !any) {
            into.putIfAbsent(text.trim(), null);
        }
    }

    private static void quoted(String json, List<String> into) {
        Matcher m = QUOTED.matcher(json);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String substitute(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null) {
                out = out.replace("${" + e.getKey() + "}", e.getValue());
            }
        }
        return out.trim();
    }

    static Jib jib(Path modulePom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(modulePom.toFile());
        Element project = pom.getDocumentElement();
        Element profile = children(child(project, "profiles"), "profile").stream()
                .filter(p -> "image".equals(text(child(p, "id")))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no profile \"image\" in " + modulePom));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("project.version", text(child(child(project, "parent"), "version")));
        for (Element property : elements(child(profile, "properties"))) {
            properties.put(property.getTagName(), text(property));
        }
        Element config = child(plugin(child(profile, "build"), "jib-maven-plugin"), "configuration");
        Element container = child(config, "container");
        Element from = child(config, "from");
        List<String> platforms = children(from, "platforms").stream().flatMap(ps -> children(ps, "platform").stream())
                .map(p -> text(child(p, "os")) + "/" + text(child(p, "architecture"))).toList();
        Image image = new Image(resolve(text(child(from, "image")), properties), text(child(container, "user")),
                children(child(container, "ports"), "port").stream().map(p -> Integer.parseInt(text(p))).toList(),
                map(child(container, "environment"), properties), map(child(container, "labels"), properties));
        List<String> jvmFlags = children(child(container, "jvmFlags"), "jvmFlag").stream().map(ImageBuilds::text).toList();

        Element transformer = children(child(plugin(child(project, "build"), "maven-shade-plugin"), "executions"),
                "execution").stream().flatMap(e -> elements(child(child(e, "configuration"), "transformers")).stream())
                .filter(t -> t.getAttribute("implementation").endsWith("ManifestResourceTransformer"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no manifest transformer in " + modulePom));
        Element entries = child(transformer, "manifestEntries");
        return new Jib(image, platforms, text(child(container, "mainClass")), jvmFlags,
                text(child(transformer, "mainClass")), words(child(entries, "Add-Exports")),
                words(child(entries, "Add-Opens")), properties.get("project.version"));
    }

    private static Element plugin(Element build, String artifactId) {
        return children(child(build, "plugins"), "plugin").stream()
                .filter(p -> artifactId.equals(text(child(p, "artifactId")))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + artifactId));
    }

    private static Map<String, String> map(Element parent, Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : elements(parent)) {
            out.put(e.getTagName(), resolve(text(e), properties));
        }
        return out;
    }

    private static String resolve(String text, Map<String, String> properties) {
        String out = text;
        for (Map.Entry<String, String> p : properties.entrySet()) {
            out = out.replace("${" + p.getKey() + "}", p.getValue());
        }
        return out;
    }

    private static List<String> words(Element e) {
        return List.of(text(e).split("\\s+"));
    }

    private static Element child(Element parent, String name) {
        return elements(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no <" + name + "> in <" + parent.getTagName() + ">"));
    }

    private static List<Element> children(Element parent, String name) {
        return elements(parent).stream().filter(e -> e.getTagName().equals(name)).toList();
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element e) {
        return e.getTextContent().strip();
    }
}
