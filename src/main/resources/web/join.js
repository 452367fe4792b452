// The customer's join page: consent, device check, waiting room and the call with the advisor.
// Plain JavaScript, no libraries. Protocol and timings: docs/call.md.
'use strict';
(function () {
  const CONSENT_TEXT_VERSION = '2026-12-v2';
  const PING_MS = 10000;
  // After 'disconnected' the browser may still recover by itself; give it this long before a fresh offer.
  const RECONNECT_GRACE_MS = 2000;
  // A fresh peer connection that is not connected after this long is replaced by another one.
  const RECONNECT_ATTEMPT_MS = 6000;
  // Two sockets of a refresh may both reach the server, which then says 'start' on each: a second 'start'
  // this soon after a fresh peer connection is ignored (a second offer's answer would be mixed up with the
  // first's). Should the first offer have been lost, the attempt's own timeout starts over.
  const START_DEBOUNCE_MS = 2000;
  // Fresh starts because the relay refused our credentials (401) back off up to this.
  const CREDENTIAL_RETRY_MAX_MS = 30000;
  // Network change events come in bursts; act once the burst is over.
  const NETWORK_SETTLE_MS = 500;
  // Fetching a fresh join state for a new peer connection may hang on a vanished network: give up after this.
  const ICE_SERVERS_TIMEOUT_MS = 2000;
  // While the path may be dead, a further signalling socket is opened this often until one opens: a TCP
  // connect started during a cut backs off (1 s, 2 s, 4 s ...) and would come through late after the return.
  const SOCKET_REFRESH_MS = 1500;
  // The received media is looked at this often (getStats of the current peer connection).
  const MEDIA_WATCH_MS = 500;
  // No packet at all for this long (audio, even with DTX, sends several a second): the path is dead.
  const DEAD_PATH_MS = 2500;
  // No new video frame for this long while sound arrives: the advisor's side sends sound only.
  const AUDIO_ONLY_AFTER_MS = 3000;
  // Frames per second that count as the picture being back.
  const VIDEO_BACK_FPS = 4;
  // An offer still unanswered after this long goes once more on the current socket (it may have been lost on
  // the way; the advisor's side answers a repeated offer as before, the page takes the first answer).
  const OFFER_REPEAT_MS = 3000;

  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const api = '/api/v1/join/' + encodeURIComponent(token);
  const $ = id => document.getElementById(id);

  let localStream = null;
  let pc = null;
  let socket = null;          // the socket we send on: the newest that opened
  const opening = new Set(); // sockets still connecting; the first to open wins
  let socketRefreshTimer = null;
  let socketRefreshes = 0;   // refreshes since a socket last opened
  let pingTimer = null;
  let socketRetryMs = 1000;
  let inCall = false;
  let over = false;          // call ended or link refused: no more reconnecting
  let interrupted = false;
  let reconnectTimer = null;
  let iceServers = [];       // the latest from the join state; refreshed for every peer connection
  let attempts = 0;          // counts startCall(): only the newest one builds a peer connection
  let credentialRetryMs = 0;  // wait before the next start after a 401; grows while 401s repeat
  let credentialRetryPending = false;
  let credentialRestarts = 0; // how often a 401 led to a fresh start (for support and tests)
  let audioContext = null;
  let audioOnly = false;     // the advisor's video stopped while the sound goes on ("nur Ton")
  let lastStartAt = -Infinity; // when the newest peer connection was begun (performance.now())
  let unanswered = null;     // the current peer connection's offer and candidates until its answer comes
  let socketsOpened = 0;     // counts sockets that opened: a refresh under way is moot once one has

  // This page's id, in memory only: the socket of this page may come back into a running call (its network
  // changed), while a reload or another device is a new page and goes to the waiting room (docs/privacy.md).
  let thisPage = null;
  function pageId() {
    if (!thisPage) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      thisPage = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
    }
    return thisPage;
  }

  function show(state) {
    document.querySelectorAll('main > section').forEach(s => { s.hidden = s.id !== 's-' + state; });
    document.body.dataset.state = state;
    const heading = document.querySelector('#s-' + state + ' h1');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  function notice(text) {
    const n = $('notice');
    n.textContent = text || '';
    n.hidden = !text;
  }

  function supported() {
    return !!(window.RTCPeerConnection && navigator.mediaDevices && navigator.mediaDevices.getUserMedia
      && window.WebSocket && window.fetch && window.crypto && window.sessionStorage);
  }

  async function request(path, options) {
    const response = await fetch(api + path, Object.assign({headers: {'Content-Type': 'application/json'}}, options));
    if (!response.ok) {
      const error = new Error('HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  }

  function linkProblem(error) {
    if (error.status === 404 || error.status === 410 || error.status === 403) {
      // The server renders the right page (unknown, expired, not yet valid) for this link.
      location.reload();
      return true;
    }
    return false;
  }

  function fail(text) {
    $('error-text').textContent = text;
    show('error');
  }

  // --- start --------------------------------------------------------------------------------------

  async function start() {
    if (!supported()) { show('unsupported'); return; }
    let state;
    try {
      state = await request('', {method: 'GET'});
    } catch (e) {
      if (!linkProblem(e)) fail('Der Server ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.');
      return;
    }
    const start = new Date(state.startsAt);
    $('appointment-line').textContent = 'Termin am ' + start.toLocaleDateString('de-DE') + ' um '
      + start.toLocaleTimeString('de-DE', {hour: '2-digit', minute: '2-digit'}) + ' Uhr mit '
      + state.advisorName + '.';
    if (sessionStorage.getItem('vb-consent:' + token) === CONSENT_TEXT_VERSION) {
      // Consent was given in this tab already (e.g. the page was reloaded).
      if (await openMedia()) {
        if (state.status === 'IN_CALL') connectSocket(); else runCheck();
      }
    } else {
      show('info');
    }
  }

  $('consent').addEventListener('click', async () => {
    $('consent').disabled = true;
    try {
      await request('/consent', {method: 'POST', body: JSON.stringify({textVersion: CONSENT_TEXT_VERSION})});
      sessionStorage.setItem('vb-consent:' + token, CONSENT_TEXT_VERSION);
    } catch (e) {
      $('consent').disabled = false;
      if (!linkProblem(e)) fail('Ihre Zustimmung konnte nicht gespeichert werden. Bitte versuchen Sie es noch einmal.');
      return;
    }
    if (await openMedia()) runCheck();
  });

  // Opens camera and microphone; only ever called after consent is recorded.
  async function openMedia() {
    if (localStream) return true;
    try {
      localStream = await navigator.mediaDevices.getUserMedia({
        audio: {echoCancellation: true, noiseSuppression: true},
        video: {width: {ideal: 640}, height: {ideal: 480}, facingMode: 'user'}});
    } catch (e) {
      if (e.name === 'NotAllowedError' || e.name === 'SecurityError') { show('denied'); return false; }
      try {
        // No camera (or it is busy): the consultation can still go ahead with sound only.
        localStream = await navigator.mediaDevices.getUserMedia({audio: true});
      } catch (e2) {
        if (e2.name === 'NotAllowedError') show('denied');
        else fail('Kamera und Mikrofon konnten nicht geöffnet werden. Ist ein anderes Programm damit beschäftigt?');
        return false;
      }
    }
    ['check-self', 'waiting-self', 'call-self'].forEach(id => { $(id).srcObject = localStream; });
    return true;
  }

  // --- device check -------------------------------------------------------------------------------

  const check = {camera: false, microphone: false, speaker: false, connection: 'poor'};
  const pending = new Set(['camera', 'microphone', 'speaker', 'connection']);

  function result(name, ok, text) {
    const item = $('check-' + name);
    item.dataset.result = ok ? 'ok' : 'fail';
    item.querySelector('span').textContent = text;
    pending.delete(name);
    $('to-waiting').disabled = pending.size > 0;
  }

  function runCheck() {
    show('check');
    const video = localStream.getVideoTracks()[0];
    check.camera = !!video && video.readyState === 'live';
    result('camera', check.camera, check.camera ? 'funktioniert' : 'keine Kamera gefunden – Sie können trotzdem sprechen');
    checkMicrophone();
    checkConnection();
  }

  function ensureAudioContext() {
    if (!audioContext) audioContext = new (window.AudioContext || window.webkitAudioContext)();
    if (audioContext.state === 'suspended') audioContext.resume();
    return audioContext;
  }

  function checkMicrophone() {
    const ctx = ensureAudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(localStream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const until = performance.now() + 3000;
    let loudest = 0;
    (function measure() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      loudest = Math.max(loudest, rms);
      const percent = Math.min(100, Math.round(rms * 300));
      $('mic-level').style.width = percent + '%';
      $('check-microphone').querySelector('.meter').setAttribute('aria-valuenow', String(percent));
      if (performance.now() < until && loudest < 0.02) { requestAnimationFrame(measure); return; }
      check.microphone = loudest >= 0.02;
      result('microphone', check.microphone, check.microphone ? 'funktioniert'
        : 'wir hören nichts – ist das Mikrofon stummgeschaltet?');
    })();
  }

  $('play-tone').addEventListener('click', () => {
    const ctx = ensureAudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 660;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 1.2);
    $('tone-heard').hidden = false;
    $('tone-not-heard').hidden = false;
  });
  $('tone-heard').addEventListener('click', () => { check.speaker = true; result('speaker', true, 'funktioniert'); });
  $('tone-not-heard').addEventListener('click', () => {
    check.speaker = false;
    result('speaker', false, 'bitte stellen Sie den Ton lauter oder schließen Sie Kopfhörer an');
  });

  async function checkConnection() {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      try {
        await fetch('/api/v1/health', {cache: 'no-store'});
        times.push(performance.now() - t0);
      } catch (e) {
        times.push(10000);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[1];
    check.connection = median < 300 ? 'good' : median < 1000 ? 'fair' : 'poor';
    result('connection', check.connection !== 'poor',
      {good: 'gut', fair: 'mittel – das Bild kann ruckeln', poor: 'schwach – vielleicht ist WLAN besser'}[check.connection]);
  }

  $('to-waiting').addEventListener('click', async () => {
    $('to-waiting').disabled = true;
    try {
      await request('/check', {method: 'POST', body: JSON.stringify(check)});
    } catch (e) {
      $('to-waiting').disabled = false;
      if (!linkProblem(e)) fail('Der Server ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.');
      return;
    }
    connectSocket();
  });

  // --- signalling ---------------------------------------------------------------------------------

  function send(message) {
    message.appointmentId = 0; // the link names the appointment
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connectSocket() {
    if (over) return;
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + api + '/signal?page=' + pageId());
    opening.add(ws);
    ws.onopen = () => {
      opening.delete(ws);
      if (over) { ws.close(); return; }
      // The others still connecting are given up; the server closes the one this replaces.
      opening.forEach(o => o.close());
      opening.clear();
      clearTimeout(socketRefreshTimer);
      socketRefreshes = 0;
      socketsOpened++;
      const old = socket;
      socket = ws;
      if (old && old !== ws) old.close();
      socketRetryMs = 1000;
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({type: 'ping'}), PING_MS);
      if (inCall) notice('');
    };
    ws.onmessage = event => { if (socket === ws) handle(JSON.parse(event.data)); };
    ws.onclose = event => {
      opening.delete(ws);
      if (socket !== ws) return; // given up, or replaced by a newer one
      clearInterval(pingTimer);
      if (over || event.code === 4409) return;
      if (inCall) notice('Verbindung zum Server unterbrochen – wird wiederhergestellt …');
      retrySocket();
    };
  }

  function retrySocket() {
    setTimeout(() => checkLinkThen(connectSocket), socketRetryMs);
    socketRetryMs = Math.min(Math.max(socketRetryMs * 2, 1000), 8000);
  }

  async function checkLinkThen(next) {
    try {
      await request('', {method: 'GET'});
      next();
    } catch (e) {
      if (e.status === 410 || e.status === 404) {
        over = true;
        stopMedia();
        show(inCall && interrupted ? 'lost' : inCall ? 'ended' : 'error');
        if (!inCall) linkProblem(e);
      } else {
        next();
      }
    }
  }

  function handle(message) {
    switch (message.type) {
      case 'welcome':
        if (message.status !== 'IN_CALL' && !inCall) show('waiting');
        break;
      case 'start':
        if (inCall && pc && performance.now() - lastStartAt < START_DEBOUNCE_MS
            && pc.connectionState !== 'failed' && pc.connectionState !== 'closed') {
          // A newer socket of this page: the offer may have been lost with the socket it replaced (the server
          // closes that one), so an unanswered offer goes again on this one; the advisor's side answers a
          // repeated offer as before.
          if (unanswered) resendOffer();
          break;
        }
        startCall();
        break;
      case 'answer':
        // Only the first answer to the current offer counts (a repeated offer may be answered twice).
        if (pc && pc.signalingState === 'have-local-offer') {
          unanswered = null;
          pc.setRemoteDescription({type: 'answer', sdp: message.sdp}).catch(e => console.warn('answer', e));
        }
        break;
      case 'candidate':
        if (pc && message.candidate) {
          pc.addIceCandidate({candidate: message.candidate, sdpMid: message.mid}).catch(() => {});
        }
        break;
      case 'connection':
        // The advisor receives nothing from us although our browser may not have noticed yet:
        // unless it comes back by itself, a fresh peer connection and offer.
        if (message.state === 'interrupted' && inCall && !over) {
          setInterrupted(true);
          const conn = pc;
          clearTimeout(reconnectTimer);
          reconnectTimer = setTimeout(() => { if (pc === conn && interrupted) startCall(); }, RECONNECT_GRACE_MS);
        }
        break;
      case 'ended':
        over = true;
        endCall(message.by === 'customer' ? 'Sie haben das Gespräch beendet. Vielen Dank.'
          : message.by === 'phone' ? 'Ihre Beraterin / Ihr Berater ruft Sie jetzt unter Ihrer Telefonnummer an. Sie können diese Seite schließen.'
          : 'Ihre Beraterin / Ihr Berater hat das Gespräch beendet. Vielen Dank. Sie können diese Seite jetzt schließen.');
        break;
      case 'taken':
        over = true;
        stopMedia();
        show('taken');
        break;
      case 'refused':
        console.warn('signal refused', message.code);
        break;
    }
  }

  // --- the call -----------------------------------------------------------------------------------

  // The ICE servers (TURN credentials are short-lived) for the next peer connection, fresh from the join
  // state; if the server cannot be reached right now, the last ones are better than none.
  async function freshIceServers() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ICE_SERVERS_TIMEOUT_MS);
    try {
      const state = await request('', {method: 'GET', signal: abort.signal});
      iceServers = state.iceServers || [];
    } catch (e) {
      console.warn('ice servers not refreshed', e.status || e);
    } finally {
      clearTimeout(timer);
    }
    return iceServers;
  }

  // A fresh peer connection and offer: the first call, and every reconnect (see docs/call.md).
  async function startCall() {
    if (over) return;
    inCall = true;
    show('call');
    clearTimeout(reconnectTimer);
    lastStartAt = performance.now();
    if (pc) { pc.onconnectionstatechange = null; pc.onicecandidate = null; pc.close(); pc = null; }
    unanswered = null;
    const attempt = ++attempts;
    const servers = await freshIceServers();
    if (attempt !== attempts || over) return; // a newer attempt started meanwhile
    const conn = new RTCPeerConnection({iceServers: servers, bundlePolicy: 'balanced'});
    pc = conn;
    localStream.getTracks().forEach(t => conn.addTrack(t, localStream));
    conn.ontrack = e => {
      const remote = $('remote');
      if (!remote.srcObject) remote.srcObject = new MediaStream();
      remote.srcObject.getTracks().filter(t => t.kind === e.track.kind).forEach(t => remote.srcObject.removeTrack(t));
      remote.srcObject.addTrack(e.track);
    };
    // Trickle: the offer goes out at once, candidates follow as they are found (never wait for gathering:
    // an unreachable relay URL holds it up for tens of seconds). Candidates found before the offer was
    // sent wait for it, so the advisor always sees the offer first.
    let offerSent = false;
    const early = [];
    const sendCandidate = c => {
      send({type: 'candidate', mid: c.sdpMid, candidate: c.candidate});
      if (unanswered && pc === conn) unanswered.candidates.push(c);
    };
    conn.onicecandidate = e => {
      if (pc !== conn || !e.candidate || !e.candidate.candidate) return;
      if (offerSent) sendCandidate(e.candidate); else early.push(e.candidate);
    };
    conn.onicecandidateerror = e => {
      // 401 from the relay: the credentials expired (e.g. re-gathering after a network change). Start over
      // with a fresh join state: at once the first time, then backing off, so that a server whose secret does
      // not match coturn's does not make this spin.
      if (pc !== conn || e.errorCode !== 401 || over || credentialRetryPending) return;
      credentialRetryPending = true;
      console.warn('relay refused the credentials, fetching fresh ones');
      setTimeout(() => {
        credentialRetryPending = false;
        credentialRestarts++;
        if (pc === conn && !over) startCall();
      }, credentialRetryMs);
      credentialRetryMs = Math.min(Math.max(credentialRetryMs * 2, 1000), CREDENTIAL_RETRY_MAX_MS);
    };
    conn.onconnectionstatechange = () => {
      if (pc !== conn) return;
      const s = conn.connectionState;
      if (s === 'connected') {
        credentialRetryMs = 0;
        setInterrupted(false);
      } else if (s === 'disconnected') {
        pathLost(conn, RECONNECT_GRACE_MS);
      } else if (s === 'failed') {
        setInterrupted(true);
        refreshSocket();
      }
    };
    try {
      await conn.setLocalDescription(await conn.createOffer());
      if (pc !== conn) return;
      unanswered = {sdp: conn.localDescription.sdp, candidates: []};
      send({type: 'offer', sdp: unanswered.sdp});
      offerSent = true;
      early.forEach(sendCandidate);
      const offered = unanswered;
      setTimeout(() => { if (pc === conn && unanswered === offered && !over) resendOffer(); }, OFFER_REPEAT_MS);
    } catch (e) {
      console.warn('offer failed', e);
    }
    // If this attempt does not connect, try again while the appointment lasts: on a new signalling socket,
    // because the old one may have died with the network without the browser noticing (offers sent on it
    // are lost); the server answers the new socket with 'start', which makes the fresh peer connection.
    reconnectTimer = setTimeout(() => {
      if (pc === conn && conn.connectionState !== 'connected' && !over) { setInterrupted(true); refreshSocket(); }
    }, RECONNECT_ATTEMPT_MS);
    watchMedia(conn);
  }

  // The current offer and its candidates once more, on the socket now current.
  function resendOffer() {
    console.warn('offer sent again');
    send({type: 'offer', sdp: unanswered.sdp});
    unanswered.candidates.forEach(c => send({type: 'candidate', mid: c.sdpMid, candidate: c.candidate}));
  }

  // The media path of conn looks dead (ICE says so, or nothing arrives): the banner at once; unless it
  // comes back by itself within the grace time, a fresh socket, whose 'start' makes a fresh peer connection
  // and offer (the old socket may have died with the network, and an offer sent on it would be lost).
  function pathLost(conn, graceMs) {
    setInterrupted(true);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      if (pc === conn && interrupted && !over) refreshSocket();
    }, graceMs);
  }

  // What the customer receives, from the current peer connection's statistics: a dead path is noticed within
  // DEAD_PATH_MS even before ICE says so, and "nur Ton" is shown while the sound arrives without pictures
  // (the advisor's side suspends video on a weak link) and taken away when the pictures are back.
  function watchMedia(conn) {
    let packets = -1;
    let frames = -1;
    let packetAt = performance.now();
    let frameAt = performance.now();
    let connectedAt = 0;
    let dead = false;
    const timer = setInterval(async () => {
      if (pc !== conn || over) { clearInterval(timer); if (pc === null || over) setAudioOnly(false); return; }
      if (conn.connectionState !== 'connected') { connectedAt = 0; return; }
      let report;
      try {
        report = await conn.getStats();
      } catch (e) {
        return; // closed under us: the advisor's side notices and says so
      }
      if (pc !== conn) return;
      let p = 0;
      let f = 0;
      let audioPackets = 0;
      report.forEach(x => {
        if (x.type !== 'inbound-rtp') return;
        p += x.packetsReceived || 0;
        if (x.kind === 'video') f += x.framesDecoded || 0;
        else audioPackets += x.packetsReceived || 0;
      });
      const now = performance.now();
      if (!connectedAt) { connectedAt = now; packetAt = now; frameAt = now; }
      if (p !== packets) { packets = p; packetAt = now; }
      const newFrames = frames < 0 ? 0 : f - frames;
      if (f !== frames) { frames = f; frameAt = now; }
      // Only once media has flowed on this connection: before that, the attempt's own timeout applies.
      if (packets > 0 && now - packetAt > DEAD_PATH_MS) {
        // Already silent for DEAD_PATH_MS: half a second more for the browser to find its way back.
        if (!dead) { dead = true; pathLost(conn, 500); }
        return;
      }
      if (dead) { dead = false; setInterrupted(false); }
      if (interrupted) return;
      if (audioPackets > 0 && now - frameAt > AUDIO_ONLY_AFTER_MS) setAudioOnly(true);
      else if (newFrames >= VIDEO_BACK_FPS * MEDIA_WATCH_MS / 1000) setAudioOnly(false);
    }, MEDIA_WATCH_MS);
  }

  function setAudioOnly(value) {
    if (audioOnly === value) return;
    audioOnly = value;
    $('weak-banner').hidden = !value;
  }

  // A fresh signalling socket, and another every SOCKET_REFRESH_MS until one has opened (see connectSocket).
  // Every fourth try asks first whether the link is still valid (an ended or expired link ends the page), and
  // after half a minute the tries slow down to the ordinary reconnect pace.
  function refreshSocket() {
    if (over) return;
    clearTimeout(socketRefreshTimer);
    socketRefreshes++;
    // The link check may hang while the network is gone: once it answers, a socket may have opened meanwhile.
    const opened = socketsOpened;
    if (socketRefreshes % 4 === 0) checkLinkThen(() => { if (socketsOpened === opened) connectSocket(); });
    else connectSocket();
    socketRefreshTimer = setTimeout(refreshSocket, socketRefreshes < 20 ? SOCKET_REFRESH_MS : 8000);
  }

  // The network changed under us (Wi-Fi to mobile data, a VPN coming up): the old socket and ICE path may be
  // dead without the browser noticing for a while. A new socket makes the server put us straight back into
  // the running call ('start'), which builds a fresh peer connection (fresh credentials) and offer.
  let networkChangeTimer = null;
  function networkChanged() {
    if (!inCall || over) return;
    clearTimeout(networkChangeTimer);
    networkChangeTimer = setTimeout(replaceSocket, NETWORK_SETTLE_MS);
  }

  // A new signalling socket for this page before the old one is given up: the server takes the new one as
  // the same page coming back (no 'left' for the advisor), closes the old one and, during the call,
  // sends 'start'. A refresh already under way is left to go on.
  function replaceSocket() {
    if (over || opening.size > 0) return;
    refreshSocket();
  }
  window.addEventListener('online', networkChanged);
  if (navigator.connection && navigator.connection.addEventListener) {
    navigator.connection.addEventListener('change', networkChanged);
  }

  function setInterrupted(value) {
    if (interrupted === value) return;
    interrupted = value;
    $('call-banner').hidden = !value;
    if (value) setAudioOnly(false); // one banner at a time: the interruption says more
    send({type: 'connection', state: value ? 'interrupted' : 'connected'});
  }

  function stopMedia() {
    clearTimeout(reconnectTimer);
    clearTimeout(socketRefreshTimer);
    setAudioOnly(false);
    if (pc) { pc.onconnectionstatechange = null; pc.onicecandidate = null; pc.close(); pc = null; }
    attempts++;
    if (localStream) localStream.getTracks().forEach(t => t.stop());
  }

  function endCall(text) {
    const wasInterrupted = interrupted;
    stopMedia();
    $('ended-text').textContent = text;
    show(wasInterrupted && !text.startsWith('Sie haben') ? 'lost' : 'ended');
  }

  function toggle(button, kind, offLabel, onLabel) {
    const tracks = kind === 'audio' ? localStream.getAudioTracks() : localStream.getVideoTracks();
    const off = button.getAttribute('aria-pressed') !== 'true';
    tracks.forEach(t => { t.enabled = !off; });
    button.setAttribute('aria-pressed', String(off));
    button.textContent = off ? onLabel : offLabel;
  }

  $('mute').addEventListener('click', () => toggle($('mute'), 'audio', 'Mikrofon aus', 'Mikrofon an'));
  $('camera').addEventListener('click', () => toggle($('camera'), 'video', 'Kamera aus', 'Kamera an'));
  // Hanging up asks once more: a slip of the thumb must not end the consultation.
  $('hangup').addEventListener('click', () => { $('hangup-confirm').hidden = false; $('hangup-yes').focus(); });
  $('hangup-no').addEventListener('click', () => { $('hangup-confirm').hidden = true; });
  $('hangup-yes').addEventListener('click', () => { $('hangup-confirm').hidden = true; send({type: 'hangup'}); });

  // Front/back camera: offered only where the device has more than one camera.
  async function offerCameraSwitch() {
    try {
      const cameras = (await navigator.mediaDevices.enumerateDevices()).filter(d => d.kind === 'videoinput');
      $('switch-camera').hidden = cameras.length < 2;
    } catch (e) {
      $('switch-camera').hidden = true;
    }
  }

  $('switch-camera').addEventListener('click', async () => {
    const current = localStream.getVideoTracks()[0];
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter(d => d.kind === 'videoinput');
    const at = cameras.findIndex(c => current && c.deviceId === current.getSettings().deviceId);
    const next = cameras[(at + 1) % cameras.length];
    try {
      const stream = await navigator.mediaDevices.getUserMedia({video: {deviceId: {exact: next.deviceId}}});
      const track = stream.getVideoTracks()[0];
      track.enabled = $('camera').getAttribute('aria-pressed') !== 'true';
      if (pc) {
        const sender = pc.getSenders().find(s => s.track && s.track.kind === 'video');
        if (sender) await sender.replaceTrack(track);
      }
      if (current) { localStream.removeTrack(current); current.stop(); }
      localStream.addTrack(track);
    } catch (e) {
      notice('Die andere Kamera lässt sich gerade nicht öffnen.');
    }
  });

  $('retry-denied').addEventListener('click', () => location.reload());
  $('retry-taken').addEventListener('click', () => location.reload());
  $('retry-error').addEventListener('click', () => location.reload());

  // For support staff and automated checks: the current connection's statistics (no personal data).
  window.joinPage = {
    peerConnection: () => pc,
    credentialRestarts: () => credentialRestarts,
    audioOnly: () => audioOnly,
  };

  if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
    navigator.mediaDevices.addEventListener('devicechange', offerCameraSwitch);
  }
  start().then(offerCameraSwitch);
})();
