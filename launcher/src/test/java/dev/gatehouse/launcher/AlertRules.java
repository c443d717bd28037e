package dev.gatehouse.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The Prometheus alert rules of {@code ops/alerts.yml}: the Gatehouse series their expressions use. */
final class AlertRules {
    private static final Pattern SERIES = Pattern.compile("\\bgatehouse_[a-z_]+");

    private AlertRules() {
    }

    @SuppressWarnings("unchecked")
    static Set<String> seriesUsed() {
        try (Reader reader = Files.newBufferedReader(Path.of("..", "ops", "alerts.yml"))) {
            Map<String, Object> rules = new Yaml(new LoaderOptions()).load(reader);
            Set<String> series = new TreeSet<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    Matcher m = SERIES.matcher((String) rule.get("expr"));
                    while (m.find()) {
                        series.add(m.group());
                    }
                }
            }
            return series;
        } catch (IOException e) {
            throw new IllegalStateException("ops/alerts.yml is part of the repository", e);
        }
    }
}
