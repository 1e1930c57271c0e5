# A loop that builds: layers added in `for` loops over constants, with names from f-strings and
# an argument that depends on the loop variable.
from tensorflow import keras
from tensorflow.keras import layers

timesteps, features = 20, 8
units = [64, 32, 16]

model = keras.Sequential(name="stacked")
model.add(layers.InputLayer(input_shape=(timesteps, features)))
for i, n in enumerate(units):
    model.add(layers.LSTM(n, return_sequences=i < len(units) - 1, name=f"lstm_{i}"))
for _ in range(2):
    model.add(layers.Dense(8, activation="relu"))
model.add(layers.Dense(1))
