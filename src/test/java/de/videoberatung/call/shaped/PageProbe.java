package de.videoberatung.call.shaped;

import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Figures of a call as a Chromium peer sees them, from {@code getStats()}: a sampler polls the video
 * decoder every 50 ms inside the page (first picture, longest gap, freeze time, as {@link FrameClock} does
 * for the engine) and a snapshot reads the counters (frames, samples, concealment, bytes, round trip,
 * the selected candidate pair). {@code pcExpression} is JavaScript that yields the page's current
 * RTCPeerConnection, which may be replaced on a reconnect.
 */
public final class PageProbe {

    private static final String SAMPLER = """
            const getPc = new Function('return ' + arguments[0]);
            const s = {start: performance.now(), first: null, pc: null, frames: 0, last: null, windowAt: null,
                       longest: 0, freeze: 0, total: 0, gaps: []};
            window.netlabProbe = s;
            s.timer = setInterval(async () => {
              const pc = getPc();
              if (!pc) return;
              if (pc !== s.pc) { s.pc = pc; s.frames = 0; }
              let f = 0;
              let video = null;
              (await pc.getStats()).forEach(x => { if (x.type === 'inbound-rtp' && x.kind === 'video') { f = x.framesDecoded || 0; video = x; } });
              const now = performance.now();
              if (f > s.frames) {
                if (s.first === null) s.first = now - s.start;
                else if (s.windowAt !== null) {
                  const gap = now - Math.max(s.last, s.windowAt);
                  s.longest = Math.max(s.longest, gap);
                  if (gap > %FREEZE%) s.freeze += gap;
                  // Long gaps with the receiver's counters at their end, on the wall clock (to read beside the engine's log).
                  if (gap > 500 && s.gaps.length < 20) {
                    s.gaps.push({endedAt: new Date().toISOString().substring(11, 23), ms: Math.round(gap),
                      packets: video.packetsReceived, lost: video.packetsLost, nacks: video.nackCount, plis: video.pliCount,
                      firs: video.firCount, keyFrames: video.keyFramesDecoded, dropped: video.framesDropped,
                      rtx: video.retransmittedPacketsReceived});
                  }
                }
                s.total += f - s.frames; s.frames = f; s.last = now;
              }
            }, 50);
            """.replace("%FREEZE%", Double.toString(FrameClock.FREEZE_MS));

    private static final String SNAPSHOT = """
            const done = arguments[arguments.length - 1];
            const pc = new Function('return ' + arguments[0])();
            const s = window.netlabProbe || {};
            const now = performance.now();
            // The gap still open at this moment counts too (all of the window if no picture came in it).
            const windowOpen = s.windowAt !== null && s.windowAt !== undefined;
            const open = windowOpen ? now - Math.max(s.last === null ? s.windowAt : s.last, s.windowAt) : 0;
            const out = {at: now, first: s.first === undefined ? null : s.first, framesSeen: s.total || 0,
                         longest: Math.max(s.longest || 0, open),
                         freeze: (s.freeze || 0) + (open > %FREEZE% ? open : 0), gaps: JSON.stringify(s.gaps || [])};
            if (!pc) { done(out); return; }
            pc.getStats().then(r => {
              let pair = null;
              r.forEach(x => { if (x.type === 'transport' && x.selectedCandidatePairId) pair = r.get(x.selectedCandidatePairId); });
              r.forEach(x => {
                if (x.type === 'inbound-rtp') {
                  out[x.kind + 'In'] = {packets: x.packetsReceived || 0, lost: x.packetsLost || 0, bytes: x.bytesReceived || 0,
                    frames: x.framesDecoded || 0, width: x.frameWidth || 0, height: x.frameHeight || 0,
                    samples: x.totalSamplesReceived || 0, concealed: x.concealedSamples || 0,
                    energy: x.totalAudioEnergy || 0, nacks: x.nackCount || 0, plis: x.pliCount || 0,
                    firs: x.firCount || 0, dropped: x.framesDropped || 0, freezes: x.freezeCount || 0,
                    keyFrames: x.keyFramesDecoded || 0};
                }
                if (x.type === 'outbound-rtp') {
                  out[x.kind + 'Out'] = {packets: x.packetsSent || 0, bytes: x.bytesSent || 0,
                    retransmitted: x.retransmittedPacketsSent || 0, width: x.frameWidth || 0, height: x.frameHeight || 0};
                }
                if (!pair && x.type === 'candidate-pair' && x.nominated && x.state === 'succeeded') pair = x;
              });
              if (pair) {
                out.rttMs = pair.currentRoundTripTime === undefined ? -1 : pair.currentRoundTripTime * 1000;
                const local = r.get(pair.localCandidateId);
                const remote = r.get(pair.remoteCandidateId);
                out.localType = local ? local.candidateType : null;
                out.relayProtocol = local ? (local.relayProtocol || null) : null;
                out.localAddress = local ? local.address : null;
                out.remoteType = remote ? remote.candidateType : null;
              }
              done(out);
            }, e => done(out));
            """.replace("%FREEZE%", Double.toString(FrameClock.FREEZE_MS));

    private final ChromeDriver driver;
    private final String pcExpression;

    /** Installs the sampler in the page now loaded in {@code driver}. */
    public PageProbe(ChromeDriver driver, String pcExpression) {
        this.driver = driver;
        this.pcExpression = pcExpression;
        driver.executeScript(SAMPLER, pcExpression);
    }

    /** Gaps and freezes count from now on. */
    public void openWindow() {
        driver.executeScript("window.netlabProbe.windowAt = performance.now();"
                + "window.netlabProbe.longest = 0; window.netlabProbe.freeze = 0;");
    }

    @SuppressWarnings("unchecked")
    public Snapshot snapshot() {
        return new Snapshot((Map<String, Object>) driver.executeAsyncScript(SNAPSHOT, pcExpression));
    }

    /** One reading of the page's figures. */
    public record Snapshot(Map<String, Object> values) {

        public double number(String key) {
            Object v = values.get(key);
            return v instanceof Number n ? n.doubleValue() : -1;
        }

        public double number(String group, String key) {
            Object g = values.get(group);
            if (g instanceof Map<?, ?> m && m.get(key) instanceof Number n) {
                return n.doubleValue();
            }
            return 0;
        }

        public String text(String key) {
            Object v = values.get(key);
            return v == null ? null : v.toString();
        }

        /** Milliseconds on the page's clock. */
        public double at() {
            return number("at");
        }
    }
}
