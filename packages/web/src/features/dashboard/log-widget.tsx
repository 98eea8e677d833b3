/**
 * The transparency log at a glance: the latest checkpoint, its signature checked in this browser,
 * and its cosignatures, with the way to the log explorer.
 */
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { CheckpointSummary, useCheckpointReport, useLogGet } from '../log/checkpoint-panel.tsx';
import { Widget } from './widget.tsx';

export function LogWidget() {
  const { t } = useI18n();
  const report = useCheckpointReport(useLogGet(), { remember: false });
  return (
    <Widget
      id="log-checkpoint"
      title={t('dashboard.log.heading')}
      more={{ href: '/log', label: t('dashboard.log.open') }}
    >
      <Loadable resource={report}>
        {(result) => <CheckpointSummary result={result} level={3} onReload={report.reload} />}
      </Loadable>
    </Widget>
  );
}
