package dev.warden.inference.grpc;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gRPC's {@code grpc-timeout} wire format. */
class DeadlineInterceptorTest {

    @Test
    void everyUnitIsParsed() {
        assertEquals(OptionalLong.of(2L * 3_600_000_000_000L), DeadlineInterceptor.parseTimeout("2H"));
        assertEquals(OptionalLong.of(60_000_000_000L), DeadlineInterceptor.parseTimeout("1M"));
        assertEquals(OptionalLong.of(5_000_000_000L), DeadlineInterceptor.parseTimeout("5S"));
        assertEquals(OptionalLong.of(300_000_000L), DeadlineInterceptor.parseTimeout("300m"));
        assertEquals(OptionalLong.of(287_984_000L), DeadlineInterceptor.parseTimeout("287984u"));
        assertEquals(OptionalLong.of(99L), DeadlineInterceptor.parseTimeout("99n"));
    }

    @Test
    void malformedValuesAreIgnored() {
        for (String bad : new String[] {null, "", "m", "12", "12x", "123456789S", "-5S", "abcS"}) {
            assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout(bad), String.valueOf(bad));
        }
    }
}
