// The customer's join page: consent, device check, waiting room and the call with the advisor.
// Plain JavaScript, no libraries. Protocol and timings: docs/call.md.
'use strict';
(function () {
  const CONSENT_TEXT_VERSION = '2026-12-v2';
  const PING_MS = 10000;
  // After 'disconnected' the browser may still recover by itself; give it this long before a fresh offer.
  const RECONNECT_GRACE_MS = 2000;
  // A fresh peer connection that is not connected after this long is replaced by another one.
  const RECONNECT_ATTEMPT_MS = 8000;
  // Fresh starts because the relay refused our credentials (401) back off up to this.
  const CREDENTIAL_RETRY_MAX_MS = 30000;
  // Network change events come in bursts; act once the burst is over.
  const NETWORK_SETTLE_MS = 500;

  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const api = '/api/v1/join/' + encodeURIComponent(token);
  const $ = id => document.getElementById(id);

  let localStream = null;
  let pc = null;
  let socket = null;
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
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) { ws.close(); return; } // replaced while it was still connecting
      socketRetryMs = 1000;
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({type: 'ping'}), PING_MS);
      if (inCall) notice('');
    };
    ws.onmessage = event => handle(JSON.parse(event.data));
    ws.onclose = event => {
      if (socket !== ws) return;
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
        startCall();
        break;
      case 'answer':
        if (pc) pc.setRemoteDescription({type: 'answer', sdp: message.sdp}).catch(e => console.warn('answer', e));
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
    try {
      const state = await request('', {method: 'GET'});
      iceServers = state.iceServers || [];
    } catch (e) {
      console.warn('ice servers not refreshed', e.status || e);
    }
    return iceServers;
  }

  // A fresh peer connection and offer: the first call, and every reconnect (see docs/call.md).
  async function startCall() {
    if (over) return;
    inCall = true;
    show('call');
    clearTimeout(reconnectTimer);
    if (pc) { pc.onconnectionstatechange = null; pc.onicecandidate = null; pc.close(); pc = null; }
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
    const sendCandidate = c => send({type: 'candidate', mid: c.sdpMid, candidate: c.candidate});
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
        setInterrupted(true);
        reconnectTimer = setTimeout(() => { if (pc === conn && conn.connectionState !== 'connected') startCall(); },
          RECONNECT_GRACE_MS);
      } else if (s === 'failed') {
        setInterrupted(true);
        startCall();
      }
    };
    try {
      await conn.setLocalDescription(await conn.createOffer());
      if (pc !== conn) return;
      send({type: 'offer', sdp: conn.localDescription.sdp});
      offerSent = true;
      early.forEach(sendCandidate);
    } catch (e) {
      console.warn('offer failed', e);
    }
    // If this attempt does not connect, try again while the appointment lasts: on a new signalling socket,
    // because the old one may have died with the network without the browser noticing (offers sent on it
    // are lost); the server answers the new socket with 'start', which makes the fresh peer connection.
    reconnectTimer = setTimeout(() => {
      if (pc === conn && conn.connectionState !== 'connected' && !over) { setInterrupted(true); replaceSocket(); }
    }, RECONNECT_ATTEMPT_MS);
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
  // sends 'start'. A socket that is already reconnecting is left to do so.
  function replaceSocket() {
    if (over) return;
    if (socket && socket.readyState !== WebSocket.OPEN && socket.readyState !== WebSocket.CONNECTING) return;
    connectSocket();
  }
  window.addEventListener('online', networkChanged);
  if (navigator.connection && navigator.connection.addEventListener) {
    navigator.connection.addEventListener('change', networkChanged);
  }

  function setInterrupted(value) {
    if (interrupted === value) return;
    interrupted = value;
    $('call-banner').hidden = !value;
    send({type: 'connection', state: value ? 'interrupted' : 'connected'});
  }

  function stopMedia() {
    clearTimeout(reconnectTimer);
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
  };

  if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
    navigator.mediaDevices.addEventListener('devicechange', offerCameraSwitch);
  }
  start().then(offerCameraSwitch);
})();
