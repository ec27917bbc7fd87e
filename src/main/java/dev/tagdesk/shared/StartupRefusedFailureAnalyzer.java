package dev.tagdesk.shared;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start into Spring Boot's short "APPLICATION FAILED TO START" report. */
class StartupRefusedFailureAnalyzer extends AbstractFailureAnalyzer<StartupRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
