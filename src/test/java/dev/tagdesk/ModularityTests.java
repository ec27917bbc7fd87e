package dev.tagdesk;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicFace() {
        ApplicationModules.of(TagDeskApplication.class).verify();
    }
}
