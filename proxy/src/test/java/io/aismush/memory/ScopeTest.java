package io.aismush.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One folder, one project key, however the path is written. */
class ScopeTest {
    @Test
    void unixPathsLoseTrailingSlashesDotsAndDoubleSeparators() {
        assertThat(Scope.normalise("/home/dev/shop/")).isEqualTo("/home/dev/shop");
        assertThat(Scope.normalise(" /home/dev//shop/./src/.. ")).isEqualTo("/home/dev/shop");
        assertThat(Scope.normalise("/home/Dev/Shop")).isEqualTo("/home/Dev/Shop"); // case matters on Unix
    }

    @Test
    void windowsPathsAreCaseInsensitiveWithForwardSlashes() {
        assertThat(Scope.normalise("C:\\Users\\Dev\\Shop\\")).isEqualTo("c:/users/dev/shop");
        assertThat(Scope.normalise("c:/users/dev/shop")).isEqualTo("c:/users/dev/shop");
        assertThat(Scope.normalise("\"C:\\Users\\Dev\\Shop\"")).isEqualTo("c:/users/dev/shop");
        assertThat(Scope.normalise("\\\\server\\Share\\repo")).isEqualTo("//server/share/repo");
        assertThat(Scope.normalise("D:\\")).isEqualTo("d:/");
    }
}
