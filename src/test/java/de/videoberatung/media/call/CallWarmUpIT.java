package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.PulseAudioServer;
import org.jitsi.service.neomedia.MediaService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine's warm-up really goes through the paths a first call would otherwise pay for: two ice4j agents
 * select a pair on loopback, and a picture of libjitsi's VP8 send pipeline comes out of our decoder. (The time
 * it saves is a benchmark figure: docs/call.md, "First picture".)
 */
@ExtendWith(PulseAudioServer.Extension.class)
class CallWarmUpIT {

    @Test
    void theWarmUpConnectsIceAndDecodesAPictureOfItsOwnVideoStream(PulseAudioServer pulse) {
        LibJitsiSetup.configure();
        MediaService service = LibJitsiSetup.start();

        CallWarmUp.Warmed warmed = CallWarmUp.run(service, () -> false);

        assertThat(warmed.iceConnected()).as("ICE pair selected between the two loopback agents").isTrue();
        assertThat(warmed.pictureDecoded()).as("a picture of the warm-up stream decoded").isTrue();
    }
}
