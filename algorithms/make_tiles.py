"""mfaf:maketiles - labelled windows of the evidence stack, split train / test, augmented training side."""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from .base import MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS, POLYGONS, WKB_POLYGON, new_field
from .guidance import DEFAULT_SEED, DEFAULT_TILE_SIZE, ground_size_text
from .layers import read_points, require_projected
from . import styling


class MakeTilesAlgorithm(MfafAlgorithm):
    NAME = "maketiles"
    DISPLAY_NAME = "Make labelled tiles"
    GROUP_ID = "data"
    NEEDS = ("scipy", "sklearn", "imblearn")
    HELP = (
        "Stage 4: cuts the evidence stack into square windows of 'Tile size (pixels)', stepping by 'Stride "
        "(pixels, 0 = tile size)' from the top-left pixel (stride = tile size: adjacent windows, no overlap). "
        "The side of a window on the ground is tile size x pixel size: the default 16 px on the example's 1 km "
        "grid is 16 px x 1000 m = 16 km (the log states it for your stack). A window is 'ore' when a "
        "known deposit lies inside it, else 'no ore'. Windows are numbered row-major from 1 (cell_id); with "
        "the stride equal to the tile size these are the prediction's cell numbers (the prediction numbers the "
        "non-overlapping grid, so with a smaller stride the same number means another window).\n\n"
        "Raster edge: a window that would extend past the right or bottom edge is not used, so a margin "
        "narrower than one window there stays out of the data set (deposits in it are reported). A deposit "
        "exactly on the east or south edge belongs to the last column or row.\n"
        "Nodata: windows in which less than 'Minimum valid fraction' of the cells hold data in every band are "
        "dropped; in the kept windows nodata cells are filled with 0.\n\n"
        "Split: 'spatial blocks' (default) groups windows into blocks of 'Block size (windows)' squared and "
        "draws whole blocks for testing (seeded, stratified by whether a block holds ore); training windows "
        "that overlap or touch a test window (share an edge or a corner) are excluded, so no test window is "
        "next to a training one. 'Stratified random' draws single windows (as the paper); with overlapping "
        "windows its test score is optimistic. A share of the remaining training blocks (validation fraction) "
        "is set apart the same way to choose the training epoch.\n"
        "Augmentation, on the training split only: SMOTE (synthetic ore tiles between neighbouring ore tiles, "
        "k = min(5, ore tiles - 1)), then 'Noisy copies per training tile' copies of every training tile with "
        "Gaussian noise of mean 0 and variance 'Gaussian noise variance (0 = off)'. The test split is never "
        "augmented. Counts before and after are logged and returned.\n\n"
        "Outputs: the tile data set (.npz) for training, and a polygon layer of all windows with their "
        "label, deposit count, split (train, validation, test, excluded, dropped) and valid fraction."
    )

    INPUT = "INPUT"
    DEPOSITS = "DEPOSITS"
    TILE_SIZE = "TILE_SIZE"
    STRIDE = "STRIDE"
    SPLIT = "SPLIT"
    TEST_FRACTION = "TEST_FRACTION"
    VALIDATION_FRACTION = "VALIDATION_FRACTION"
    BLOCK_SIZE = "BLOCK_SIZE"
    MIN_VALID_FRACTION = "MIN_VALID_FRACTION"
    SMOTE = "SMOTE"
    SMOTE_RATIO = "SMOTE_RATIO"
    NOISE_VARIANCE = "NOISE_VARIANCE"
    NOISE_COPIES = "NOISE_COPIES"
    SEED = "SEED"
    OUTPUT = "OUTPUT"
    OUTPUT_CELLS = "OUTPUT_CELLS"
    COUNT_KEYS = ("TRAIN_ORE", "TRAIN_NO_ORE", "TEST_ORE", "TEST_NO_ORE", "TRAIN_ORE_AUGMENTED",
                  "TRAIN_NO_ORE_AUGMENTED")
    SPLITS = ("blocks", "random")

    def initAlgorithm(self, config=None):  # noqa: N802
        def add(p, help_text, advanced=False):
            p.setHelp(tr(help_text))
            if advanced:
                p.setFlags(p.flags() | ADVANCED)
            self.addParameter(p)

        add(QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack")),
            "The multi-band evidence stack written by 'Build evidence stack'.")
        add(QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits"), [POINTS]),
            "Deposit points; a window holding at least one is labelled 'ore'.")
        add(QgsProcessingParameterNumber(self.TILE_SIZE, tr("Tile size (pixels)"), INTEGER,
                                         defaultValue=DEFAULT_TILE_SIZE, minValue=2),
            "Side of the square windows in pixels. On the ground: tile size x pixel size, e.g. 16 px x 1000 m = "
            "16 km on the example's 1 km grid (the paper used 128 px on a finer grid).")
        add(QgsProcessingParameterNumber(self.STRIDE, tr("Stride (pixels, 0 = tile size)"),
                                         INTEGER, defaultValue=0, minValue=0),
            "Step between windows in pixels; 0 = the tile size (no overlap).", advanced=True)
        add(QgsProcessingParameterEnum(self.SPLIT, tr("Train / test split"),
                                       options=[tr("Spatial blocks with a buffer (honest)"),
                                                tr("Stratified random (as the paper)")], defaultValue=0),
            "How windows are assigned to the test split.", advanced=True)
        add(QgsProcessingParameterNumber(self.TEST_FRACTION, tr("Test fraction"), DOUBLE,
                                         defaultValue=0.2, minValue=0.01, maxValue=0.9),
            "Share of the blocks (spatial) or windows (random) drawn for testing.", advanced=True)
        add(QgsProcessingParameterNumber(self.VALIDATION_FRACTION, tr("Validation fraction"),
                                         DOUBLE, defaultValue=0.2, minValue=0.0,
                                         maxValue=0.9),
            "Share of the remaining training blocks (or windows) set apart to choose the training epoch in 'Train "
            "model' (0 = none: training then keeps its last epoch). Training windows touching a validation window "
            "are excluded, as around the test blocks.", advanced=True)
        add(QgsProcessingParameterNumber(self.BLOCK_SIZE, tr("Block size (windows)"),
                                         INTEGER, defaultValue=3, minValue=1),
            "Spatial blocks of this many x this many windows; reduced automatically when all ore falls into one "
            "block.", advanced=True)
        add(QgsProcessingParameterNumber(self.MIN_VALID_FRACTION, tr("Minimum valid fraction"),
                                         DOUBLE, defaultValue=0.5, minValue=0.0,
                                         maxValue=1.0),
            "Windows with a smaller share of cells holding data are dropped.", advanced=True)
        add(QgsProcessingParameterBoolean(self.SMOTE, tr("SMOTE oversampling of ore tiles"), defaultValue=True),
            "Add synthetic ore training tiles with SMOTE (imbalanced-learn).", advanced=True)
        add(QgsProcessingParameterNumber(self.SMOTE_RATIO, tr("SMOTE target ratio (ore / no ore)"),
                                         DOUBLE, defaultValue=1.0, minValue=0.01,
                                         maxValue=1.0),
            "SMOTE adds ore tiles until ore = ratio x no-ore training tiles.", advanced=True)
        add(QgsProcessingParameterNumber(self.NOISE_VARIANCE, tr("Gaussian noise variance (0 = off)"),
                                         DOUBLE, defaultValue=0.01, minValue=0.0),
            "Variance of the zero-mean noise of the noisy copies of the training tiles (paper: 0.01).",
            advanced=True)
        add(QgsProcessingParameterNumber(self.NOISE_COPIES, tr("Noisy copies per training tile"),
                                         INTEGER, defaultValue=1, minValue=0),
            "How many noisy copies of every training tile are added.", advanced=True)
        add(QgsProcessingParameterNumber(self.SEED, tr("Random seed"), INTEGER,
                                         defaultValue=DEFAULT_SEED, minValue=0),
            "Seed of the split and the augmentation: the same seed gives the same data set.", advanced=True)
        add(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Tile data set"), tr("Tile data set (*.npz)")),
            "The .npz tile data set for training.")
        add(QgsProcessingParameterFeatureSink(self.OUTPUT_CELLS, tr("Tile cells"), POLYGONS),
            "All windows as polygons with cell_id, label, deposit count, split and valid fraction.")
        for key, label in zip(self.COUNT_KEYS, (
                tr("Training ore tiles"), tr("Training no-ore tiles"), tr("Test ore tiles"), tr("Test no-ore tiles"),
                tr("Training ore tiles after augmentation"), tr("Training no-ore tiles after augmentation"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.windows.tiling import make_tiles

        progress, canceled = self.callbacks(feedback)
        stack = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if stack is None:
            raise QgsProcessingException(tr("The evidence stack could not be opened."))
        crs = stack.crs()
        require_projected(crs, tr("The evidence stack"))
        deposits = self.parameterAsSource(parameters, self.DEPOSITS, context)
        if deposits is None:
            raise QgsProcessingException(tr("The deposit layer could not be opened."))
        xy, _ = read_points(deposits, crs, context, feedback=feedback, what=tr("Known deposits"))
        feedback.pushInfo(tr("Tiles on the ground: {}.").format(ground_size_text(
            self.parameterAsInt(parameters, self.TILE_SIZE, context), stack.rasterUnitsPerPixelX())))
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not out.lower().endswith(".npz"):
            out += ".npz"
        res = make_tiles(
            stack.source(), xy, out,
            tile_size=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            stride=self.parameterAsInt(parameters, self.STRIDE, context) or None,
            split=self.SPLITS[self.parameterAsEnum(parameters, self.SPLIT, context)],
            test_fraction=self.parameterAsDouble(parameters, self.TEST_FRACTION, context),
            validation_fraction=self.parameterAsDouble(parameters, self.VALIDATION_FRACTION, context),
            min_valid_fraction=self.parameterAsDouble(parameters, self.MIN_VALID_FRACTION, context),
            block_size=self.parameterAsInt(parameters, self.BLOCK_SIZE, context),
            smote=self.parameterAsBoolean(parameters, self.SMOTE, context),
            smote_ratio=self.parameterAsDouble(parameters, self.SMOTE_RATIO, context),
            noise_variance=self.parameterAsDouble(parameters, self.NOISE_VARIANCE, context),
            noise_copies=self.parameterAsInt(parameters, self.NOISE_COPIES, context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            progress=progress, is_canceled=canceled, log=feedback.pushInfo,
        )
        fields = QgsFields()
        for name, typ in (("cell_id", int), ("row", int), ("col", int),
                          ("label", int), ("deposits", int), ("split", str),
                          ("valid_fraction", float)):
            fields.append(new_field(name, typ))
        sink, sink_id = self.outputSink(parameters, self.OUTPUT_CELLS, context, fields,
                                             WKB_POLYGON, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_CELLS))
        for cell in res["cells"]:
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in cell["ring"]]]))
            f.setAttributes([cell["cell_id"], cell["row"], cell["col"], cell["label"], cell["deposits"],
                             cell["split"], cell["valid_fraction"]])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        styling.close_sink(sink)  # the file must be complete before its style is stored in it
        del sink
        styling.style_vector_output(context, sink_id, "tile_cells.qml", tr("Tile cells"), styling.ORDER_CELLS,
                                    feedback)
        c = res["counts"]
        if "validation_ore" in c:
            feedback.pushInfo(tr("Validation: {} ore / {} no ore (never augmented).").format(
                c["validation_ore"], c["validation_no_ore"]))
        feedback.pushInfo(tr("Before augmentation: train {} ore / {} no ore, test {} ore / {} no ore.").format(
            c["train_ore"], c["train_no_ore"], c["test_ore"], c["test_no_ore"]))
        feedback.pushInfo(tr("After augmentation: train {} ore / {} no ore, test {} ore / {} no ore.").format(
            c["train_ore_augmented"], c["train_no_ore_augmented"], c["test_ore_augmented"],
            c["test_no_ore_augmented"]))
        result = {self.OUTPUT: out, self.OUTPUT_CELLS: sink_id}
        for key in self.COUNT_KEYS:
            result[key] = c[key.lower()]
        return result

