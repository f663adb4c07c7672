<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>mfaf</name>
        <message>
            <location filename="../algorithms/provider.py" line="17" />
            <source>MFAF prospectivity</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 成矿远景</translation>
        </message>
        <message>
            <location filename="../algorithms/provider.py" line="20" />
            <source>MFAF mineral prospectivity (multiscale feature attention)</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 矿产远景预测（多尺度特征注意力）</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="26" />
            <source>1 Data preparation</source>
            <extracomment>group</extracomment>
            <translation>1 数据准备</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="27" />
            <source>2 Model</source>
            <extracomment>group</extracomment>
            <translation>2 模型</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="28" />
            <source>3 Evaluation</source>
            <extracomment>group</extracomment>
            <translation>3 评估</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="12" />
            <source>Check installation</source>
            <extracomment>display</extracomment>
            <translation>检查安装</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="66" />
            <source>Predict prospectivity map</source>
            <extracomment>display</extracomment>
            <translation>预测成矿远景图</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="29" />
            <source>Fail when something is missing</source>
            <extracomment>label</extracomment>
            <translation>缺少组件时报错</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="33" />
            <source>Missing packages</source>
            <extracomment>label</extracomment>
            <translation>缺少的软件包</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="34" />
            <source>torch version</source>
            <extracomment>label</extracomment>
            <translation>torch 版本</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="35" />
            <source>Device torch will use</source>
            <extracomment>label</extracomment>
            <translation>torch 将使用的设备</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="36" />
            <source>torch self-test</source>
            <extracomment>label</extracomment>
            <translation>torch 自检</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="101" />
            <source>Evidence stack</source>
            <extracomment>label</extracomment>
            <translation>证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="105" />
            <source>Model file</source>
            <extracomment>label</extracomment>
            <translation>模型文件</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="109" />
            <source>Stride (pixels, 0 = tile size)</source>
            <extracomment>label</extracomment>
            <translation>步长（像素，0 = 图块大小）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="115" />
            <source>Target probability threshold</source>
            <extracomment>label</extracomment>
            <translation>靶区概率阈值</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="120" />
            <location filename="../algorithms/predict_prospectivity.py" line="197" />
            <source>Known deposits</source>
            <extracomment>label</extracomment>
            <translation>已知矿床</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="125" />
            <source>Device</source>
            <extracomment>label</extracomment>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="129" />
            <source>Minimum share of valid cells per window</source>
            <extracomment>label</extracomment>
            <translation>每个窗口有效像元的最小比例</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="135" />
            <source>Windows per batch</source>
            <extracomment>label</extracomment>
            <translation>每批窗口数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="140" />
            <source>Ore probability</source>
            <extracomment>label</extracomment>
            <translation>成矿概率</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="143" />
            <source>Numbered cells</source>
            <extracomment>label</extracomment>
            <translation>编号单元</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="148" />
            <source>Report</source>
            <extracomment>label</extracomment>
            <translation>报告</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="148" />
            <source>HTML files (*.html)</source>
            <extracomment>label</extracomment>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="153" />
            <source>Number of target cells</source>
            <extracomment>label</extracomment>
            <translation>靶区单元数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="154" />
            <source>Share of known deposits in target cells</source>
            <extracomment>label</extracomment>
            <translation>落入靶区单元的已知矿床比例</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="83" />
            <source>Not enough memory for this step: use a coarser grid, a smaller extent or fewer bands.</source>
            <extracomment>message</extracomment>
            <translation>内存不足，无法完成此步骤：请使用更粗的网格、更小的范围或更少的波段。</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="88" />
            <source>{} failed: {}: {}</source>
            <extracomment>message</extracomment>
            <translation>{} 失败：{}：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="46" />
            <source>torch {} will run on {}</source>
            <extracomment>message</extracomment>
            <translation>torch {} 将在 {} 上运行</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="51" />
            <source>Missing Python packages: {}. {}</source>
            <extracomment>message</extracomment>
            <translation>缺少 Python 软件包：{}。{}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="56" />
            <source>All Python dependencies are importable.</source>
            <extracomment>message</extracomment>
            <translation>所有 Python 依赖均可导入。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="29" />
            <source>{} has no valid coordinate reference system; set one (Layer Properties &gt; Source).</source>
            <extracomment>message</extracomment>
            <translation>{} 没有有效的坐标参考系；请设置一个（图层属性 &gt; 源）。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="32" />
            <source>{} is in {} whose units are not metres: distances and cell sizes need a projected CRS. Reproject the layer (Vector &gt; Data Management &gt; Reproject Layer) or choose a projected output CRS.</source>
            <extracomment>message</extracomment>
            <translation>{} 使用的 {} 单位不是米：距离和像元大小需要投影坐标系。请重投影该图层（矢量 &gt; 数据管理工具 &gt; 重投影图层），或选择投影坐标系作为输出坐标系。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="58" />
            <source>Layer '{}' has no field '{}'.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有字段“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="78" />
            <source>{}: {} features without geometry were skipped.</source>
            <extracomment>message</extracomment>
            <translation>{}：已跳过 {} 个无几何的要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="110" />
            <source>Could not copy layer '{}': {}</source>
            <extracomment>message</extracomment>
            <translation>无法复制图层“{}”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="173" />
            <source>The evidence stack could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开证据图层栈。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="175" />
            <source>The evidence stack '{}' must be a raster file (GeoTIFF from mfaf:stacklayers).</source>
            <extracomment>message</extracomment>
            <translation>证据图层栈“{}”必须是栅格文件（由 mfaf:stacklayers 生成的 GeoTIFF）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="180" />
            <source>No model file was given and the bundled model {} is not installed with this copy of the plugin. Train a model with mfaf:trainmodel and choose its .pt file as 'Model file'.</source>
            <extracomment>message</extracomment>
            <translation>未指定模型文件，且本插件副本未安装内置模型 {}。请用 mfaf:trainmodel 训练模型，并将其 .pt 文件选为“模型文件”。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="183" />
            <source>The model file '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>模型文件“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="191" />
            <source>The ore probability output must be a GeoTIFF (.tif) file.</source>
            <extracomment>message</extracomment>
            <translation>成矿概率输出必须是 GeoTIFF（.tif）文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="201" />
            <source>Predicting with model {}</source>
            <extracomment>message</extracomment>
            <translation>正在使用模型 {} 进行预测</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="205" />
            <source>{} windows predicted on {} in {:.1f} s; {} of {} cells are targets.</source>
            <extracomment>message</extracomment>
            <translation>在 {1} 上预测了 {0} 个窗口，用时 {2:.1f} 秒；{4} 个单元中有 {3} 个为靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="226" />
            <source>{} of {} known deposits inside the stack lie in target cells ({:.1%}).</source>
            <extracomment>message</extracomment>
            <translation>图层栈范围内 {1} 个已知矿床中有 {0} 个位于靶区单元内（{2:.1%}）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="229" />
            <source>{} known deposits lie outside the evidence stack and were not counted.</source>
            <extracomment>message</extracomment>
            <translation>{} 个已知矿床位于证据图层栈范围之外，未计入统计。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="239" />
            <source>Band influence could not be computed: {}</source>
            <extracomment>message</extracomment>
            <translation>无法计算波段影响：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="243" />
            <source>Success-rate AUC of the map: {:.3f}</source>
            <extracomment>message</extracomment>
            <translation>预测图的成功率曲线 AUC：{:.3f}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="14" />
            <source>Reports whether QGIS can import the Python packages the plugin needs (torch, torchvision, scikit-learn, imbalanced-learn, scipy, matplotlib), their versions, and whether a CUDA GPU is available to torch. With 'Fail when something is missing' set, the algorithm fails and says how to install what is missing.</source>
            <extracomment>help</extracomment>
            <translation>报告 QGIS 能否导入插件所需的 Python 软件包（torch、torchvision、scikit-learn、imbalanced-learn、scipy、matplotlib）及其版本，以及 torch 能否使用 CUDA GPU。勾选“缺少组件时报错”后，若有缺失，算法将报错并说明如何安装缺少的软件包。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="31" />
            <source>Stop with an error, rather than only reporting, when a package is missing.</source>
            <extracomment>help</extracomment>
            <translation>缺少软件包时以错误终止，而不仅是报告。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="69" />
            <source>Applies a trained model to every window of an evidence stack and writes a GeoTIFF of ore probability on the stack's grid, plus a polygon layer of numbered cells (the tile windows, numbered row by row from 1 from the top-left, as mfaf:maketiles numbers them) with the probability, the branches' votes and class, the agreement of the branches, a rank, the known deposits inside and whether the cell is a target (probability at or above the threshold).

The stack must have the bands, band order and normalisation the model was trained on; a difference is refused with a message naming it. Windows that would run past the right or bottom edge of the stack are not used, so a margin narrower than one window there gets no prediction. With a stride smaller than the tile size the windows overlap and each pixel gets the mean probability of the windows covering it.

With known deposits the algorithm reports the share of them inside target cells; with a report file it also writes an HTML report: the map, the success-rate curve and its AUC, the target cells, the model's metadata and each evidence layer's influence.</source>
            <extracomment>help</extracomment>
            <translation>将训练好的模型应用于证据图层栈的每个窗口，在图层栈的网格上输出成矿概率 GeoTIFF，并输出编号单元面图层（即图块窗口，与 mfaf:maketiles 的编号方式相同：从左上角开始逐行从 1 编号），包含概率、各分支的投票与类别、分支一致度、排名、单元内的已知矿床数以及该单元是否为靶区（概率不低于阈值）。

图层栈的波段、波段顺序和归一化方式必须与训练模型时相同；若有差异，算法将拒绝运行并指出差异所在。超出图层栈右边缘或下边缘的窗口不会使用，因此那里不足一个窗口宽的边带没有预测值。当步长小于图块大小时窗口相互重叠，每个像元取覆盖它的各窗口概率的平均值。

提供已知矿床时，算法报告落入靶区单元的已知矿床比例；指定报告文件时还会生成 HTML 报告：预测图、成功率曲线及其 AUC、靶区单元、模型元数据以及各证据图层的影响。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="102" />
            <source>The multi-band evidence stack written by mfaf:stacklayers, with the same bands and normalisation as the stack the model was trained on.</source>
            <extracomment>help</extracomment>
            <translation>由 mfaf:stacklayers 生成的多波段证据图层栈，其波段和归一化方式须与训练模型所用的图层栈相同。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="106" />
            <source>A model written by mfaf:trainmodel (.pt). Empty: the model bundled with the plugin (resources/model/mfaf_murchison.pt), trained on the Murchison example.</source>
            <extracomment>help</extracomment>
            <translation>由 mfaf:trainmodel 生成的模型（.pt）。留空则使用插件内置的模型（resources/model/mfaf_murchison.pt），该模型基于 Murchison 示例训练。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="111" />
            <source>Step between windows in pixels. 0 uses the model's tile size (no overlap); a smaller stride makes overlapping windows whose probabilities are averaged per pixel (smoother map, slower). Cells are always the tile-size windows.</source>
            <extracomment>help</extracomment>
            <translation>相邻窗口之间的步长（像素）。0 表示使用模型的图块大小（无重叠）；步长更小时窗口相互重叠，各像元取重叠窗口概率的平均值（预测图更平滑，但更慢）。单元始终为图块大小的窗口。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="118" />
            <source>Cells whose ore probability (mean over the branches) is at or above this value are targets.</source>
            <extracomment>help</extracomment>
            <translation>成矿概率（各分支的平均值）不低于此值的单元为靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="122" />
            <source>Optional known deposit points (any CRS): counted per cell and used for the share of deposits inside target cells and the success-rate curve of the report.</source>
            <extracomment>help</extracomment>
            <translation>可选的已知矿床点（任意坐标系）：按单元计数，并用于计算落入靶区单元的矿床比例和报告中的成功率曲线。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="126" />
            <source>auto: a CUDA GPU when torch sees one, else the CPU.</source>
            <extracomment>help</extracomment>
            <translation>auto：torch 检测到 CUDA GPU 时使用 GPU，否则使用 CPU。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="132" />
            <source>Windows with a smaller share of cells holding data in every band get no prediction.</source>
            <extracomment>help</extracomment>
            <translation>所有波段均有数据的像元比例低于此值的窗口不进行预测。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="137" />
            <source>Windows sent through the network at once; lower it if the GPU runs out of memory.</source>
            <extracomment>help</extracomment>
            <translation>一次送入网络的窗口数；若 GPU 显存不足，请调低此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="141" />
            <source>Float32 GeoTIFF of ore probability (0-1) on the stack's grid; nodata outside the data.</source>
            <extracomment>help</extracomment>
            <translation>图层栈网格上的成矿概率（0–1）Float32 GeoTIFF；无数据区域为 nodata。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="145" />
            <source>One polygon per tile-size window with cell_id, probability, votes, class, agreement, rank, deposits and target.</source>
            <extracomment>help</extracomment>
            <translation>每个图块大小的窗口一个面要素，含 cell_id、概率、投票、类别、一致度、排名、矿床数和是否靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="150" />
            <source>Optional self-contained HTML report: map, success-rate curve, target cells, model metadata, influence of each evidence layer.</source>
            <extracomment>help</extracomment>
            <translation>可选的独立 HTML 报告：预测图、成功率曲线、靶区单元、模型元数据及各证据图层的影响。</translation>
        </message>
    </context>
</TS>
