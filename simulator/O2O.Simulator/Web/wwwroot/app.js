// The simulator's page: draws every device from /api/stream ("devices" snapshots, "log" events) and sends the
// customer's and the tester's actions back as POSTs. Plain DOM code, no framework, no build step.
'use strict';

const devicesEl = document.getElementById('devices');
const logEl = document.getElementById('log');
const beepsHeard = new Map();
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
  el.className = 'slot' + (slot.doorOpen ? ' open' : '');
  el.dataset.testid = `slot-${device.deviceId}-${slot.number}`;
  el.dataset.door = slot.doorOpen ? 'open' : 'closed';
  el.dataset.item = slot.itemId || '';
  const latch = document.createElement('div');
  latch.className = 'latch' + (slot.latchEnergised ? ' on' : '');
  latch.title = slot.latchEnergised ? 'latch energised' : 'latch off';
  const drawer = document.createElement('div');
  drawer.className = 'drawer';
  drawer.textContent = slot.itemId || 'empty';
  const title = document.createElement('div');
  title.textContent = `slot ${slot.number}${slot.jammed ? ' (jammed)' : ''} · ${slot.latchPulses} pulses`;
  el.append(latch, title, drawer,
    button('take', `take-${device.deviceId}-${slot.number}`, () => post(`/api/devices/${device.deviceId}/slots/${slot.number}/take`)),
    button('close', `close-${device.deviceId}-${slot.number}`, () => post(`/api/devices/${device.deviceId}/slots/${slot.number}/close`)),
    button(slot.jammed ? 'unjam' : 'jam', `jam-${device.deviceId}-${slot.number}`, () => post(`/api/devices/${device.deviceId}/slots/${slot.number}/jam`)),
    button('force open', `force-${device.deviceId}-${slot.number}`, () => post(`/api/devices/${device.deviceId}/slots/${slot.number}/force-open`)));
  return el;
}

function drawDevice(device) {
  const el = document.createElement('article');
  el.className = 'device';
  el.dataset.testid = `device-${device.deviceId}`;
  const h = document.createElement('h2');
  h.textContent = `${device.deviceId} · ${device.model} · ${device.state}`;
  const qr = document.createElement('div');
  qr.dataset.testid = `qr-${device.deviceId}`;
  qr.textContent = device.qr ? 'QR: ' + device.qr : 'no QR code shown';
  const slots = document.createElement('div');
  slots.className = 'slots';
  device.slots.forEach(s => slots.append(drawSlot(device, s)));
  const beeps = document.createElement('div');
  beeps.className = 'beeps';
  beeps.dataset.testid = `beeps-${device.deviceId}`;
  beeps.textContent = 'beeps: ' + (device.beeps.slice(-5).join(', ') || 'none');
  el.append(h, button('scan & pay', `scan-pay-${device.deviceId}`, () =>
    post(`/api/devices/${device.deviceId}/scan-pay`).then(r => r.json()).then(o => addLog(`customer paid order ${o.orderId} (${o.status})`))),
    qr, slots, beeps);
  playNewBeeps(device);
  return el;
}

// WebAudio only after the user ticks the box: browsers refuse sound before a user gesture anyway.
function playNewBeeps(device) {
  const heard = beepsHeard.get(device.deviceId) || 0;
  beepsHeard.set(device.deviceId, device.beeps.length);
  if (!document.getElementById('sound').checked || device.beeps.length <= heard) {
    return;
  }
  audio = audio || new AudioContext();
  const tone = audio.createOscillator();
  tone.frequency.value = device.beeps[device.beeps.length - 1] === 'error' ? 440 : 1760;
  tone.connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.15);
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
