/**
 * Per-file profile overrides chosen with "Set Profile". They live in
 * workspaceState (they are a user's view of this workspace, not shared
 * settings) and are re-sent to the server every time it starts.
 */
import * as vscode from 'vscode';
import type { Profile } from '../../server/src/core/model';
import type { SetProfileOverrideParams } from '../../server/src/lsp/protocol';

const STATE_KEY = 'kubeImageLens.profileOverrides';

export class ProfileOverrides {
  constructor(private readonly state: vscode.Memento) {}

  all(): SetProfileOverrideParams[] {
    return Object.entries(this.read()).map(([uri, profile]) => ({ uri, profile }));
  }

  get(uri: string): Profile | undefined {
    return this.read()[uri];
  }

  async set(uri: string, profile: Profile | null): Promise<void> {
    const next = { ...this.read() };
    if (profile === null) {
      delete next[uri];
    } else {
      next[uri] = profile;
    }
    await this.state.update(STATE_KEY, next);
  }

  private read(): Record<string, Profile> {
    return this.state.get<Record<string, Profile>>(STATE_KEY) ?? {};
  }
}

interface ProfilePick extends vscode.QuickPickItem {
  profile: Profile | null;
}

const DESCRIPTIONS: Record<Profile, string> = {
  dev: 'latest and Always are fine; fast loop',
  staging: 'release-candidate tags; reproducible tests',
  prod: 'immutable tags or digests; IfNotPresent',
};

/** Asks which profile a file should use; undefined when the user cancels. */
export async function pickProfile(fileName: string, current: Profile | undefined): Promise<ProfilePick | undefined> {
  const items: ProfilePick[] = (Object.keys(DESCRIPTIONS) as Profile[]).map((profile) => ({
    label: profile,
    description: profile === current ? `${DESCRIPTIONS[profile]} (current override)` : DESCRIPTIONS[profile],
    profile,
  }));
  items.push({ label: 'Clear override', description: 'use settings, comments and file patterns again', profile: null });
  return vscode.window.showQuickPick(items, { title: `Environment profile for ${fileName}`, placeHolder: 'Choose a profile' });
}
