import { writeFileAtomic } from '../fixes/atomic-file';
import { readFailure, readRegularText } from '../safe-read';
import { MAX_RECORDING_BYTES, parseRecording, RecordingError, type Recording } from './format';

// A recording on disk: read with the one safe reader (a FIFO or a giant in its place is
// refused), written atomically and private to its owner (it describes a computer).

/** The recording in `file`; RecordingError in plain words when it cannot be one. */
export async function readRecordingFile(file: string): Promise<Recording> {
  let text: string;
  try {
    text = await readRegularText(file, { maxBytes: MAX_RECORDING_BYTES });
  } catch (e) {
    throw new RecordingError(`${file} cannot be read: ${readFailure(e)}`);
  }
  try {
    return parseRecording(text);
  } catch (e) {
    if (e instanceof RecordingError) throw new RecordingError(`${file}: ${e.message}`);
    throw e;
  }
}

export async function writeRecordingFile(file: string, recording: Recording): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(recording, null, 2)}\n`, { mode: 0o600 });
}
