/**
 * The pages for commitments, crossings, intelligence and handovers, as one chunk the app shell
 * loads only when one of them is opened (keeping the first load small).
 */
export { CommitmentPage, CommitmentsListPage } from './commitments/commitment-pages.tsx';
export { NewCommitmentPage } from './commitments/new-commitment-page.tsx';
export { PartyKeysPage } from './commitments/party-keys-page.tsx';
export { CrossingPage, CrossingsListPage } from './crossings/crossing-pages.tsx';
export { TalkRoundPage } from './talks/talk-round-page.tsx';
export { IntelListPage, IntelReportPage, ShareIntelPage } from './intel/intel-pages.tsx';
export {
  HandoverPage,
  HandoversListPage,
  RequestHandoverPage,
} from './handovers/handover-pages.tsx';
