package io.aismush.pipeline;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.wire.Outline;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodyTest {
    @Test
    void aReleasedBodyHoldsNeitherItsBytesNorTheOutlineThatPointsAtThem() throws InterruptedException {
        byte[] bytes = ClaudeCodeRequests.streamed(200_000);
        var body = new RequestBody(bytes, Outline.strict(bytes));
        var weak = new WeakReference<>(bytes);
        assertThat(body.outline()).isNotNull();
        bytes = null;
        body.release();
        for (int i = 0; i < 20 && weak.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(weak.get()).as("a thousand long answers must not keep a thousand request bodies alive").isNull();
        assertThatThrownBy(body::outline).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOutlineIsMadeOnceOnFirstUse() {
        byte[] bytes = ClaudeCodeRequests.plain(10_000);
        var body = new RequestBody(bytes);
        assertThat(body.outline()).isSameAs(body.outline());
        assertThat(body.outline().bytes()).isSameAs(bytes);
    }
}
