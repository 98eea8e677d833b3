/**
 * Text written by people and stored on the server, shown as text (React escapes it; nothing is
 * ever parsed as HTML). It carries its own language and lets the browser find its direction, so an
 * English fallback reads correctly inside a right-to-left page.
 */
import type { LocalisedText } from '@truceline/domain';
import { useI18n } from '../i18n/i18n.tsx';

export function ServerText({
  text,
  as: Tag = 'span',
  className,
}: {
  text: LocalisedText | string;
  as?: 'span' | 'p' | 'h2' | 'h3' | 'h4' | 'div';
  className?: string;
}) {
  const { pick } = useI18n();
  const picked = typeof text === 'string' ? { text, lang: undefined } : pick(text);
  return (
    <Tag lang={picked.lang} dir="auto" className={className}>
      {picked.text}
    </Tag>
  );
}
