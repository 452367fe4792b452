import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Prints one value of a configuration file as the app reads it (java.util.Properties), so the
 * installer tests check what the app will see, not what a text search finds.
 * usage: java PropertiesValue.java FILE KEY
 */
public class PropertiesValue {
    public static void main(String[] args) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            properties.load(in);
        }
        System.out.print(properties.getProperty(args[1], ""));
    }
}
