// The simulator's page: draws every device from /api/stream ("devices" snapshots, "log" events) and sends the
// customer's and the tester's actions back as POSTs. Plain DOM code, no framework, no build step.
'use strict';

const devicesEl = document.getElementById('devices');
const logEl = document.getElementById('log');
let audio = null;

function post(path) {
  return fetch(path, { method: 'POST' }).then(r => { if (!r.ok) { r.text().then(t => addLog('error: ' + t)); } return r; });
}

function addLog(text) {
  const li = document.createElement('li');
  li.textContent = text;
  logEl.prepend(li);
}

function button(label, testId, action) {
  const b = document.createElement('button');
  b.textContent = label;
  b.dataset.testid = testId;
  b.addEventListener('click', action);
  return b;
}

function drawSlot(device, slot) {
  const el = document.createElement('div');
  el.className = 'slot' + (slot.open ? ' open' : '');
  el.dataset.testid = `slot-${device.deviceId}-${slot.number}`;
  el.dataset.door = slot.open ? 'open' : 'closed';
  el.dataset.item = slot.itemId || '';
  el.dataset.latch = slot.latchEnergised ? 'on' : 'off';
  const latch = document.createElement('div');
  latch.className = 'latch' + (slot.latchEnergised ? ' on' : '');
  latch.title = slot.latchEnergised ? 'latch energised' : 'latch off';
  const drawer = document.createElement('div');
  drawer.className = 'drawer';
  drawer.textContent = slot.itemId || 'empty';
  const title = document.createElement('div');
  title.textContent = `slot ${slot.number}${slot.hasDoor ? '' : ' (no door)'}${slot.jammed ? ' (jammed)' : ''} · ${slot.latchPulses} pulses`;
  const base = `/api/devices/${device.deviceId}/slots/${slot.number}`;
  el.append(latch, title, drawer,
    button('take', `take-${device.deviceId}-${slot.number}`, () => post(`${base}/take`)),
    button('put back', `put-${device.deviceId}-${slot.number}`, () => {
      const tag = prompt('tag id of the item put back', device.model.startsWith('umbrella') ? 'UM-99' : 'PB-0099');
      if (tag) { post(`${base}/put?item=${encodeURIComponent(tag)}`); }
    }),
    button('close', `close-${device.deviceId}-${slot.number}`, () => post(`${base}/close`)),
    button(slot.jammed ? 'unjam' : 'jam', `jam-${device.deviceId}-${slot.number}`, () => post(`${base}/jam`)),
    button('force open', `force-${device.deviceId}-${slot.number}`, () => post(`${base}/force-open`)),
    button('stick door sw', `stick-door-${device.deviceId}-${slot.number}`, () => post(`${base}/stick-door`)),
    button('free switches', `free-${device.deviceId}-${slot.number}`, () => post(`${base}/free-switches`)));
  return el;
}

// The device's own screen, exactly as its display controller holds it (decoded from the driver's bus traffic).
function drawScreen(device) {
  const img = document.createElement('img');
  img.className = 'qr';
  img.alt = `${device.deviceId} screen`;
  img.dataset.testid = `screen-${device.deviceId}`;
  img.src = `/api/devices/${device.deviceId}/screen.png?v=${device.screenVersion}`;
  return img;
}

function drawConsole(device) {
  const box = document.createElement('details');
  box.dataset.testid = `console-${device.deviceId}`;
  const summary = document.createElement('summary');
  summary.textContent = `technician console (tcp 127.0.0.1:${device.consolePort})`;
  const out = document.createElement('pre');
  out.className = 'console';
  out.dataset.testid = `console-out-${device.deviceId}`;
  const input = document.createElement('input');
  input.placeholder = 'status, slots, login <code>, unlock <slot> …';
  input.dataset.testid = `console-in-${device.deviceId}`;
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      fetch(`/api/devices/${device.deviceId}/console`, { method: 'POST', body: input.value })
        .then(() => new Promise(r => setTimeout(r, 150)))
        .then(() => fetch(`/api/devices/${device.deviceId}/console`)).then(r => r.text())
        .then(t => { out.textContent = t.slice(-4000); out.scrollTop = out.scrollHeight; });
      input.value = '';
    }
  });
  box.append(summary, out, input);
  return box;
}

// Console panels survive re-drawing, so what the technician is typing and has read stays put.
const consoles = new Map();

function drawDevice(device) {
  const el = document.createElement('article');
  el.className = 'device';
  el.dataset.testid = `device-${device.deviceId}`;
  const h = document.createElement('h2');
  h.textContent = `${device.deviceId} · ${device.model} · ${device.state}${device.wifiUp ? '' : ' · Wi-Fi down'}`;
  const qr = document.createElement('div');
  qr.dataset.testid = `qr-${device.deviceId}`;
  qr.className = 'payload';
  qr.textContent = device.qr ? 'QR: ' + device.qr : 'no QR code shown';
  const slots = document.createElement('div');
  slots.className = 'slots';
  device.slots.forEach(s => slots.append(drawSlot(device, s)));
  const info = document.createElement('div');
  info.className = 'beeps';
  info.dataset.testid = `beeps-${device.deviceId}`;
  info.textContent = `buzzer: ${device.sounding ? 'sounding' : 'quiet'}; last tones ${device.tones.map(t => t.frequencyHz + ' Hz').join(', ') || 'none'}`
    + ` · faults: ${device.faults.join(', ') || 'none'} · coil damage: ${device.coilDamage}`
    + (device.session ? ` · session power ${device.session.powered ? 'on' : 'off'}${device.session.emergencyStopPressed ? ', EMERGENCY STOP' : ''}` : '');
  const faults = document.createElement('div');
  const f = name => button(name, `${name}-${device.deviceId}`, () => post(`/api/devices/${device.deviceId}/faults/${name}`));
  faults.append(f('brownout'), f('wifi-drop'), f('clock-skew'));
  if (device.session) { faults.append(f('emergency-stop')); }
  if (!consoles.has(device.deviceId)) { consoles.set(device.deviceId, drawConsole(device)); }
  const consoleBox = consoles.get(device.deviceId);
  el.append(h, button('scan & pay', `scan-pay-${device.deviceId}`, () =>
    post(`/api/devices/${device.deviceId}/scan-pay`).then(r => r.json()).then(o => addLog(`customer paid order ${o.orderId} (${o.status})`))),
    drawScreen(device), qr, slots, info, faults, consoleBox);
  playNewTones(device);
  return el;
}

// WebAudio only after the user ticks the box (browsers refuse sound before a gesture): the tones the buzzer played.
const tonesHeard = new Map();
function playNewTones(device) {
  const last = tonesHeard.get(device.deviceId) || 0;
  const fresh = device.tones.filter(t => t.startMs > last);
  if (device.tones.length) { tonesHeard.set(device.deviceId, device.tones[device.tones.length - 1].startMs); }
  if (!document.getElementById('sound').checked || !fresh.length) {
    return;
  }
  audio = audio || new AudioContext();
  const t0 = audio.currentTime + 0.05;
  const first = fresh[0].startMs;
  fresh.forEach(t => {
    const tone = audio.createOscillator();
    tone.type = 'square';
    tone.frequency.value = t.frequencyHz;
    tone.connect(audio.destination);
    tone.start(t0 + (t.startMs - first) / 1000);
    tone.stop(t0 + (t.startMs - first + t.lengthMs) / 1000);
  });
}

const stream = new EventSource('/api/stream');
stream.addEventListener('open', () => { document.getElementById('link').textContent = 'live'; });
stream.addEventListener('error', () => { document.getElementById('link').textContent = 'reconnecting…'; });
stream.addEventListener('devices', e => {
  const devices = JSON.parse(e.data);
  devicesEl.replaceChildren(...devices.map(drawDevice));
});
stream.addEventListener('log', e => {
  const evt = JSON.parse(e.data);
  addLog(`${evt.deviceId} #${evt.seq} ${evt.type}` + (evt.slot >= 0 ? ` slot ${evt.slot}` : '') + (evt.order ? ` order ${evt.order}` : '') + (evt.item ? ` item ${evt.item}` : ''));
});
document.getElementById('cloud-offline').addEventListener('click', () => post('/api/cloud/offline'));
document.getElementById('cloud-online').addEventListener('click', () => post('/api/cloud/online'));
// Virtual time: the whole stack (cloud, agent, every device's firmware) skips ahead, pass by pass, faster than real time.
document.querySelectorAll('button.skip').forEach(button => button.addEventListener('click', () =>
  post(`/api/time/advance?seconds=${button.dataset.seconds}`).then(r => r.json())
    .then(r => addLog(r.error ? `skip refused: ${r.error}` : `skipped ${r.skippedSeconds} s of virtual time in ${r.realMilliseconds} ms`))));
