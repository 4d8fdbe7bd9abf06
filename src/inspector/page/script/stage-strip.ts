import { el } from './dom.js';
import type { MachineModel } from './machine-model.js';

/**
 * The strip above the panels: the machine's stages in order, between the state a turn starts
 * from and the rest states a turn can end in instead (drawn apart, at the end).
 */
export function createStageStrip(list: HTMLElement, model: MachineModel) {
  const restPill = (state: string, className: string) => {
    const pill = el('li', className, state);
    pill.dataset.state = state;
    return pill;
  };
  list.replaceChildren(
    ...model.restStates.filter((state) => state === model.initial).map((state) => restPill(state, 'rest')),
    ...model.stages.map((stage, index) => {
      const pill = el('li', `stage stage-${index}`, stage);
      pill.dataset.stage = stage;
      return pill;
    }),
    ...model.restStates.filter((state) => state !== model.initial).map((state) => restPill(state, 'rest off-path')),
  );

  return {
    show(state: string) {
      const stage = model.stageOf(state);
      const top = model.topOf(state);
      const reached = stage === undefined ? -1 : model.stages.indexOf(stage);
      for (const pill of list.querySelectorAll<HTMLElement>('li')) {
        const pillStage = pill.dataset.stage;
        const current = pillStage !== undefined ? pillStage === stage : stage === undefined && pill.dataset.state === top;
        pill.classList.toggle('current', current);
        pill.classList.toggle('done', pillStage !== undefined && model.stages.indexOf(pillStage) < reached);
      }
    },
  };
}
