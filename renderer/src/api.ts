import type { DoctorApi } from '../../electron/contract';

// The renderer's only way out of the sandbox: the preload's `window.doctor`, typed from the
// IPC contract. Type-only import, so zod (the contract's runtime half) never ships here.

declare global {
  interface Window {
    doctor?: DoctorApi;
  }
}

export function doctor(): DoctorApi {
  const api = window.doctor;
  if (!api) throw new Error('The doctor bridge is missing (the page was opened outside the app).');
  return api;
}

/** Errors come back from main as rejected promises carrying the envelope's message. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
  return String(e);
}
