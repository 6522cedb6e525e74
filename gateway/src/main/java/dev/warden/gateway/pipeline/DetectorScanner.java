package dev.warden.gateway.pipeline;

import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.gateway.rails.ChatTurn;
import dev.warden.gateway.rails.Detection;
import dev.warden.gateway.rails.JailbreakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The rails' {@link JailbreakDetector} as the pipeline's {@link PromptScanner}. Thread-safe. */
public final class DetectorScanner implements PromptScanner {

    private final JailbreakDetector detector;

    /** A scanner over {@code detector}. */
    public DetectorScanner(JailbreakDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    @Override
    public Scan scan(List<Message> messages) {
        List<ChatTurn> turns = new ArrayList<>(messages.size());
        messages.forEach(m -> turns.add(new ChatTurn(m.role(), m.content())));
        Detection detection = detector.detect(turns);
        return new Scan(detection.score(), detection.families().stream().map(AttackFamily::tag).toList());
    }
}
