// Entry of `npm run cli -- <command>`; the commands live in run.ts.
import { main } from './run';

process.exitCode = await main(process.argv.slice(2));
