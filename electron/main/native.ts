import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, nativeTheme, shell } from 'electron';
import { isAllowedDocsUrl } from '../contract';
import { writeFileAtomic } from '../engine/fixes/atomic-file';
import type { NativeApi } from './handlers';

// The only Electron APIs the handler table reaches, behind NativeApi so the table itself
// runs in plain Node. Dialogs are parented to our window so they cannot appear detached
// behind it.

export function createNativeApi(getWindow: () => BrowserWindow | null): NativeApi {
  return {
    async pickFolder() {
      const win = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Choose a repository folder',
        properties: ['openDirectory'],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickRecording() {
      const win = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Open a recording (codecommit-doctor diagnose --record)',
        properties: ['openFile'],
        filters: [{ name: 'Recordings', extensions: ['json'] }],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async copyText(text) {
      clipboard.writeText(text);
    },
    async saveFile(defaultName, content) {
      const win = getWindow();
      const options: Electron.SaveDialogOptions = {
        title: 'Save the report',
        defaultPath: path.join(app.getPath('documents'), path.basename(defaultName)),
        filters: defaultName.endsWith('.json')
          ? [{ name: 'JSON', extensions: ['json'] }]
          : [{ name: 'Markdown', extensions: ['md'] }],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      // Atomic: an interrupted save never leaves a half report where an old one was.
      await writeFileAtomic(result.filePath, content, { mode: 0o600 });
      return result.filePath;
    },
    async openExternal(url) {
      // Checked again here, not only in the handler: this is the one door to the browser
      // (checklist item 15), so it guards itself whoever calls it.
      if (!isAllowedDocsUrl(url)) throw new Error('Only AWS and git documentation can be opened.');
      await shell.openExternal(url);
    },
    theme() {
      return nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
    },
    async showSecretOnce(what, secret) {
      const win = getWindow();
      const options = {
        type: 'info' as const,
        title: 'New Git password',
        message: what,
        detail: `${secret}\n\nIt is shown this once and is already saved for git. Copy it now if you need it elsewhere.`,
        buttons: ['Done'],
      };
      if (win) await dialog.showMessageBox(win, options);
      else await dialog.showMessageBox(options);
    },
  };
}
