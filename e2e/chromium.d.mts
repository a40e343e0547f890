/** Types for chromium.mjs (kept as plain ESM so bare Node can run it before any build). */
export type ChromiumSource = 'CHROMIUM_PATH' | 'debian' | 'playwright';

export interface ResolvedChromium {
  readonly executablePath: string;
  readonly source: ChromiumSource;
}

export declare const DEBIAN_CHROMIUM: readonly string[];
export declare function playwrightChromiumPath(): string | null;
export declare function resolveChromium(env?: NodeJS.ProcessEnv): ResolvedChromium | null;
