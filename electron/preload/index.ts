import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, DoctorApi, Envelope, EventName } from '../contract';

// window.doctor: one named method per contract channel plus `on`, never ipcRenderer
// (checklist item 20). This file must stay ONE CommonJS bundle requiring only `electron`
// (a sandboxed preload cannot require anything else), so the channel names are listed
// here rather than imported with the contract's zod schemas; the Record types below make
// the compiler reject a list that misses or adds a channel or an event.

const CHANNEL_SET: Record<Channel, true> = {
  appInfo: true,
  startScan: true,
  detectClients: true,
  applyFix: true,
  verify: true,
  history: true,
  undo: true,
  renderReport: true,
  saveReport: true,
  copyText: true,
  pickFolder: true,
  openRecording: true,
  openDocs: true,
};
const EVENT_SET: Record<EventName, true> = { scanEvent: true, scanDone: true, themeChanged: true };

// Same spelling as ipcChannel()/ipcEvent() in contract.ts (checked by tests/unit/preload.test.ts).
const channelName = (c: Channel): string => `doctor:${c}`;
const eventName = (e: EventName): string => `doctor-event:${e}`;

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

async function invoke(channel: Channel, request: unknown): Promise<unknown> {
  const reply: unknown = await ipcRenderer.invoke(channelName(channel), request);
  if (!isEnvelope(reply)) throw new Error('The doctor sent an unreadable reply.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

const api: Record<string, unknown> = {};
for (const channel of Object.keys(CHANNEL_SET) as Channel[]) {
  api[channel] = (request: unknown) => invoke(channel, request ?? {});
}
api.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!Object.prototype.hasOwnProperty.call(EVENT_SET, event) || typeof listener !== 'function') {
    throw new Error(`Unknown event: ${String(event)}`);
  }
  // The IpcRendererEvent (which carries `sender`, an ipcRenderer) never reaches the page.
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(eventName(event), wrapped);
  return () => {
    ipcRenderer.removeListener(eventName(event), wrapped);
  };
};

contextBridge.exposeInMainWorld('doctor', api as unknown as DoctorApi);
