// The desk's connection (only in the app's window): this computer, or the office server.
// Not commands of the command layer (a server cannot answer where a desk connects to): the
// window's own, in src-tauri/src/connection.rs. A browser is a client of the server that
// served the page, so it has none of this (`desk` is null there).

export interface DeskConnection {
  mode: 'local' | 'server';
  url: string | null;
  /** The certificate's fingerprint the clerk confirmed (AB:CD:…), if pinned. */
  fingerprint: string | null;
  /** The administrator fixed it for this computer (MARKTKANTOOR_SERVER): not changeable here. */
  setByEnvironment: boolean;
}

export interface ServerProbe {
  url: string;
  /** The certificate's SHA-256 fingerprint; null over plain HTTP to this computer itself. */
  fingerprint: string | null;
  /** Whether a public certificate authority vouches for it (then nothing to confirm). */
  public: boolean;
}

export type ConnectionChoice = { mode: 'local' } | { mode: 'server'; url: string; fingerprint: string | null };

export interface Desk {
  connection(): Promise<DeskConnection>;
  probeServer(url: string): Promise<ServerProbe>;
  /** Saves the choice; the window then starts again on it. */
  setConnection(choice: ConnectionChoice): Promise<void>;
}
