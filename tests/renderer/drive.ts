import { act, screen, waitFor } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { ScanReport } from '../../electron/engine/model';
import { URL_403, type FakeApi } from './fake-api';

// Drives the rendered wizard the way a person does, up to the Findings step (where the wizard
// goes by itself once the scan has its report).

export type User = ReturnType<typeof userEvent.setup>;

export async function toFindings(user: User, api: FakeApi, report?: ScanReport): Promise<void> {
  await user.type(screen.getByLabelText('Clone address'), URL_403);
  await user.click(screen.getByRole('button', { name: 'Start the scan' }));
  await waitFor(() => expect(api.startScan).toHaveBeenCalled());
  act(() => api.playScan(report));
  await waitFor(() => expect(document.title).toMatch(/^Step 3 of 6: Findings/));
}
