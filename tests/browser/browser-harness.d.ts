import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SimDevice } from '@stance/firmware-sim';
import { type IngestService, type IngestSettings } from '@stance/ingest';
import { type ApiMethod } from '../../demo/inject-api.js';
export declare const SCREENSHOT_DIR: string;
export interface StanceForBrowserOptions {
    /** Hours of wearer A's history, ending a few minutes ago (0: none). Default 3. */
    historyHours?: number;
    /** The live sensor's scenario (firmware-sim); default `fidgety-sitter`: the trunk angle changes every few seconds. */
    liveScenario?: string;
    /** Start wearer A's live sensor. Default true. */
    live?: boolean;
    /** The built dashboard; default STANCE_DASHBOARD_DIR, else apps/dashboard/dist. */
    dashboardDir?: string;
    /** Settings over the harness's (ports 0, loopback, temporary DATA_DIR, silent). */
    settings?: Partial<IngestSettings>;
}
/** A seeded account; `wearerId` for wearer accounts. */
export interface SeededAccount {
    id: string;
    email: string;
    password: string;
    name: string;
    wearerId: string | null;
}
export interface StanceForBrowser {
    service: IngestService;
    /** http://127.0.0.1:PORT (the dashboard at `/`, the API at `/api`). */
    baseUrl: string;
    mqttUrl: string;
    admin: SeededAccount;
    /** Assigned to wearer A only. */
    coach: SeededAccount;
    wearerA: SeededAccount & {
        wearerId: string;
    };
    wearerB: SeededAccount & {
        wearerId: string;
    };
    /** Wearer A's sensor: its history and the live sensor use it. */
    deviceA: {
        id: string;
        token: string;
    };
    /** Wearer A's live sensor on MQTT (null with `live: false`). */
    liveSensor: SimDevice | null;
    /** Batches of history imported for wearer A. */
    historyBatches: number;
    /** A session token of the account (logs in through the API once per account, then reuses it). */
    tokenOf(account: SeededAccount): Promise<string>;
    /** An API call through `inject` as `token`; throws with the error body on a non-2xx answer. */
    api<T = unknown>(token: string, method: ApiMethod, url: string, body?: unknown): Promise<T>;
    /** Stops the sensor and the service and removes the temporary DATA_DIR. */
    stop(): Promise<void>;
}
/** The built dashboard folder, or a clear error saying how to build it. */
export declare function dashboardDir(explicit?: string): string;
export declare function startStanceForBrowser(options?: StanceForBrowserOptions): Promise<StanceForBrowser>;
/** Debian's Chromium (CHROMIUM_PATH overrides), headless. */
export declare function launchBrowser(): Promise<Browser>;
export interface BrowserPage {
    context: BrowserContext;
    page: Page;
    /** Console errors and uncaught page errors seen so far (text). */
    consoleErrors: string[];
}
/**
 * A fresh context (its own storage: signed out) with the service as base URL, so `page.goto('/#/coach')`
 * works, at a desk-size viewport unless given; console errors are collected.
 */
export declare function newPage(browser: Browser, stance: StanceForBrowser, viewport?: {
    width: number;
    height: number;
}): Promise<BrowserPage>;
/**
 * Signs in through the sign-in screen (the e-mail and password fields by their labels, then the "Sign in"
 * button) and waits until the dashboard has left it.
 */
export declare function signIn(page: Page, email: string, password: string): Promise<void>;
/**
 * Signs in without the sign-in screen: a session from the API, stored where the dashboard keeps it
 * (localStorage `stance.session`), then `path` is opened. For tests about other screens.
 */
export declare function signInWithToken(page: Page, stance: StanceForBrowser, account: SeededAccount, path?: string): Promise<void>;
/** A full-page screenshot into artifacts/screenshots/NAME.png; returns the file. */
export declare function screenshot(page: Page, name: string): Promise<string>;
