package de.videoberatung.call.shaped;

import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the join page does on its signalling sockets and peer connections, for reading a failed recovery:
 * installed into the loaded page, it wraps {@code WebSocket} and {@code RTCPeerConnection} (the page looks
 * both up when it makes a new one) and {@code console.warn/error}, and keeps one line per event with the
 * page's clock. Socket messages are logged by type only (SDP and candidates stay out of test output).
 */
public final class PageLog {

    private static final String INSTALL = """
            if (window.netlabLog) return;
            const log = window.netlabLog = [];
            const t0 = window.netlabLogT0 = performance.now();
            const add = window.netlabLogAdd = text => { log.push(Math.round(performance.now() - t0) + ' ms ' + text); };
            let sockets = 0, pcs = 0;
            const NativeSocket = window.WebSocket;
            window.WebSocket = class extends NativeSocket {
              constructor(url, protocols) {
                super(url, protocols);
                const n = ++sockets;
                add('socket ' + n + ' new');
                this.addEventListener('open', () => add('socket ' + n + ' open'));
                this.addEventListener('close', e => add('socket ' + n + ' closed ' + e.code + ' ' + e.reason));
                this.addEventListener('error', () => add('socket ' + n + ' error'));
                this.addEventListener('message', e => {
                  let type = '?';
                  try { const m = JSON.parse(e.data); type = m.type + (m.state ? ' ' + m.state : '') + (m.code ? ' ' + m.code : ''); } catch (x) {}
                  add('socket ' + n + ' <- ' + type);
                });
                const send = this.send.bind(this);
                this.send = data => {
                  let type = '?';
                  try { const m = JSON.parse(data); type = m.type + (m.state ? ' ' + m.state : ''); } catch (x) {}
                  if (type !== 'candidate' && type !== 'ping') add('socket ' + n + ' -> ' + type);
                  send(data);
                };
              }
            };
            const NativePc = window.RTCPeerConnection;
            window.RTCPeerConnection = class extends NativePc {
              constructor(config) {
                super(config);
                const n = ++pcs;
                add('pc ' + n + ' new');
                this.addEventListener('connectionstatechange', () => add('pc ' + n + ' ' + this.connectionState));
                this.addEventListener('iceconnectionstatechange', () => add('pc ' + n + ' ice ' + this.iceConnectionState));
              }
            };
            ['warn', 'error'].forEach(level => {
              const original = console[level].bind(console);
              console[level] = (...args) => { add(level + ' ' + args.map(String).join(' ')); original(...args); };
            });
            window.addEventListener('online', () => add('online'));
            window.addEventListener('offline', () => add('offline'));
            """;

    private final ChromeDriver driver;

    /** Installs the log into the page now loaded in {@code driver}. */
    public PageLog(ChromeDriver driver) {
        this.driver = driver;
        driver.executeScript("(function () {" + INSTALL + "})();");
    }

    /** A mark of the test's own (e.g. "cut") in the page's log. */
    public void mark(String text) {
        driver.executeScript("if (window.netlabLogAdd) window.netlabLogAdd('test: ' + arguments[0]);", text);
    }

    /** Every line so far; empty if the page cannot be read. */
    @SuppressWarnings("unchecked")
    public List<String> lines() {
        try {
            Object lines = driver.executeScript("return window.netlabLog || [];");
            return lines instanceof List<?> l ? (List<String>) l : List.of();
        } catch (RuntimeException e) {
            return List.of("(page log unreadable: " + e.getMessage() + ")");
        }
    }
}
