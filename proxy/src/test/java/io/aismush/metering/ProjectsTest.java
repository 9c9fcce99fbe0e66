package io.aismush.metering;

import io.aismush.pipeline.RequestBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectsTest {
    private static RequestBody body(String json) {
        return new RequestBody(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static final String TOOL_RESULT_NAMING_ANOTHER = "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1',"
            + "'content':'Working directory: /tmp/elsewhere'}]}";

    @Test
    void theEnvironmentMessageNamesTheProject() {
        var b = body("{'model':'m','messages':[{'role':'user','content':'hi'},"
                + "{'role':'system','content':'# Environment\\\\n - Primary working directory: /home/dev/shop\\\\n - Platform: linux'}],"
                + "'system':[{'type':'text','text':'Working directory: /not/this'}]}");
        assertThat(Projects.scan(b)).isEqualTo("/home/dev/shop");
    }

    @Test
    void aDirectoryNamedOnlyInTheHistoryIsNotTheSessionsProject() {
        var b = body("{'model':'m','messages':[{'role':'user','content':'hi'}," + TOOL_RESULT_NAMING_ANOTHER + "]}");
        assertThat(Projects.scan(b)).isNull();
    }

    @Test
    void theSystemPromptIsReadWhenThereIsNoEnvironmentMessage() {
        var b = body("{'model':'m','messages':[{'role':'user','content':'hi'}," + TOOL_RESULT_NAMING_ANOTHER + "],"
                + "'system':[{'type':'text','text':'Primary working directory: /home/dev/api\\\\nIs a git repository: true'}]}");
        assertThat(Projects.scan(b)).isEqualTo("/home/dev/api");
    }

    @Test
    void otherClientsMayStateItInTheirFirstMessage() {
        var b = body("{'model':'m','messages':[{'role':'user','content':'Working directory: /home/dev/cli'}]}");
        assertThat(Projects.scan(b)).isEqualTo("/home/dev/cli");
    }

    @Test
    void nonAsciiPathsAreDecodedAsUtf8() {
        var b = body("{'model':'m','messages':[{'role':'system','content':'Working directory: /home/dév/café\\\\n'}]}");
        assertThat(Projects.scan(b)).isEqualTo("/home/dév/café");
    }

    @Test
    void aSessionIsScannedAtMostThreeTimesAndThenRemembered() {
        var projects = new Projects(16);
        var without = body("{'model':'m','messages':[{'role':'user','content':'hi'}]}");
        var with = body("{'model':'m','messages':[{'role':'user','content':'Working directory: /home/dev/late'}]}");
        for (int i = 0; i < 3; i++) assertThat(projects.find("s1", without)).isNull();
        assertThat(projects.find("s1", with)).as("given up after three bodies without one").isNull();
        assertThat(projects.find("s2", with)).isEqualTo("/home/dev/late");
        assertThat(projects.find("s2", without)).as("found once, remembered").isEqualTo("/home/dev/late");
    }
}
